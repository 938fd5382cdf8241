import { createMemo, For, Index, Show } from 'solid-js';
import { formatValue, MONTH_LABELS } from '../../../core/metrics';
import type { PeriodReturn } from '../../../core/reports/periodic-returns';
import { createMediaQuery, PHONE_QUERY } from '../../media';
import { heatBackground, returnsGrid, returnsScale } from './additions-model';
import './report.css';

/**
 * Monthly and yearly returns of the equity curve (UTC calendar), one row per year with its twelve
 * months and the year's return, each cell coloured by its sign and size. On a phone the table
 * turns: months are rows and years columns, so it fits the screen's width.
 */
export function ReturnsTable(props: { monthly: readonly PeriodReturn[]; yearly: readonly PeriodReturn[] }) {
  const rows = createMemo(() => returnsGrid(props.monthly, props.yearly));
  const scale = createMemo(() => returnsScale(rows()));
  const phone = createMediaQuery(PHONE_QUERY);
  const cell = (v: number | null, label: string, total = false) => (
    <td class={`num${total ? ' returns-total' : ''}`} style={{ background: total ? undefined : heatBackground(v, scale()) }} title={`${label}: ${v === null ? 'no return' : formatValue('pct', v)}`}>
      {v === null ? <span class="muted">·</span> : formatValue('pct', v)}
    </td>
  );
  return (
    <div class="table-wrap" data-testid="returns-table">
      <table class="heat returns">
        <caption class="visually-hidden">Return of each month and year (UTC), in percent</caption>
        <Show
          when={phone()}
          fallback={
            <>
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <For each={MONTH_LABELS}>{(m) => <th scope="col">{m}</th>}</For>
                  <th scope="col">Year</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(r) => (
                    <tr data-year={r.year}>
                      <th scope="row">{r.year}</th>
                      <For each={r.months}>{(v, m) => cell(v, `${MONTH_LABELS[m()]} ${r.year}`)}</For>
                      {cell(r.total, String(r.year), true)}
                    </tr>
                  )}
                </For>
              </tbody>
            </>
          }
        >
          <thead>
            <tr>
              <th scope="col">Month</th>
              <For each={rows()}>{(r) => <th scope="col">{r.year}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <Index each={MONTH_LABELS}>
              {(m, k) => (
                <tr>
                  <th scope="row">{m()}</th>
                  <For each={rows()}>{(r) => cell(r.months[k], `${m()} ${r.year}`)}</For>
                </tr>
              )}
            </Index>
            <tr>
              <th scope="row">Year</th>
              <For each={rows()}>{(r) => cell(r.total, String(r.year), true)}</For>
            </tr>
          </tbody>
        </Show>
      </table>
    </div>
  );
}
