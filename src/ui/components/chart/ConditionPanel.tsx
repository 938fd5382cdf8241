import { For, Show, untrack } from 'solid-js';
import type { ChartStore } from '../../../app/chart-store';
import { ProgressBar } from '../ProgressBar';
import { formatDateTime } from '../../format';
import { formatNumber, formatPrice, formatReading, formatReasonCell } from './format';

function Verdict(props: { label: string; value: boolean | null; testid: string }) {
  return (
    <div class="cl-verdict" data-testid={props.testid} data-value={props.value === null ? '' : String(props.value)}>
      <span class="cl-verdict-label">{props.label}</span>
      <strong class={props.value ? 'pnl-up' : props.value === false ? 'muted' : 'muted'}>{props.value === null ? '—' : props.value ? '✓ yes' : '✗ no'}</strong>
    </div>
  );
}

/**
 * Why the strategy did or did not enter on the explained bar (the crosshair's, else the replay
 * cursor's, else the last one): every condition with its value, threshold and pass/fail,
 * shouldEnterLong / shouldEnterShort, the signal it fired with confidence, level, stop and target,
 * and the numbers it read.
 */
export function ConditionPanel(props: { store: ChartStore }) {
  const s = untrack(() => props.store);
  const snap = () => s.snapshot();
  const ref = () => snap()?.close ?? 1;
  const where = () => {
    if (s.hover()) return 'under the crosshair';
    if (s.replay().active) return 'at the replay cursor';
    return 'on the last bar';
  };
  return (
    <aside class="card cl-panel" aria-labelledby="cl-panel-title" data-testid="condition-panel" data-bar={snap()?.bar ?? ''} data-time={snap()?.time ?? ''}>
      <h2 id="cl-panel-title">Strategy conditions</h2>
      <Show when={s.strategySpec()} fallback={<p class="muted">Choose a strategy above to see its conditions bar by bar.</p>}>
        <Show when={!s.strategyState().loading} fallback={<ProgressBar label="Preparing the strategy" progress={s.strategyState().progress ?? { done: 0, total: 1, message: 'computing indicators' }} />}>
          <Show when={!s.strategyState().error} fallback={<p role="alert" class="cl-error">{s.strategyState().error}</p>}>
            <Show when={snap()} fallback={<p class="muted">{s.snapshotError() ?? 'Reading the conditions…'}</p>}>
              {(sn) => (
                <>
                  <p class="muted cl-panel-bar">
                    {s.strategy()?.preset ?? s.strategy()?.name} · {where()}: <strong data-testid="panel-time">{formatDateTime(sn().time)}</strong> · close {formatPrice(sn().close)}
                  </p>
                  <div class="cl-verdicts">
                    <Verdict label="shouldEnterLong" value={sn().shouldEnterLong} testid="should-long" />
                    <Verdict label="shouldEnterShort" value={sn().shouldEnterShort} testid="should-short" />
                  </div>
                  <Show
                    when={sn().signal}
                    fallback={
                      <p class="muted" data-testid="panel-signal" data-direction="">
                        No signal fired on this bar.
                      </p>
                    }
                  >
                    {(sig) => (
                      <div class={`cl-signal ${sig().direction === 'LONG' ? 'long' : 'short'}`} data-testid="panel-signal" data-direction={sig().direction}>
                        <strong>
                          {sig().direction === 'LONG' ? '▲' : '▼'} {sig().direction} fired
                        </strong>
                        <span>
                          confidence <b>{formatNumber(sig().confidence)}</b> ({sig().level.replace('_', ' ')})
                        </span>
                        <span>
                          stop <b>{sig().stop === null ? 'none' : formatPrice(sig().stop, sig().price)}</b>
                        </span>
                        <span>
                          target <b>{sig().target === null ? 'none' : formatPrice(sig().target, sig().price)}</b>
                        </span>
                      </div>
                    )}
                  </Show>
                  <div class="cl-table-wrap">
                    <table class="cl-conditions" data-testid="panel-conditions">
                      <thead>
                        <tr>
                          <th scope="col">Condition</th>
                          <th scope="col" class="num">
                            Value
                          </th>
                          <th scope="col" class="num">
                            Needs
                          </th>
                          <th scope="col">
                            <span class="visually-hidden">Pass</span>
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={sn().conditions}>
                          {(r) => (
                            <tr data-condition={r.condition} data-value={r.value === null ? '' : String(r.value)} data-threshold={r.threshold === null ? '' : String(r.threshold)} data-pass={String(r.pass)}>
                              <th scope="row">{r.condition}</th>
                              <td class="num">{formatReasonCell(r.value, r.condition, ref())}</td>
                              <td class="num">{formatReasonCell(r.threshold, r.condition, ref())}</td>
                              <td class={r.pass ? 'pnl-up' : 'pnl-down'} aria-label={r.pass ? 'pass' : 'fail'}>
                                {r.pass ? '✓' : '✗'}
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                  <Show when={sn().readings.length > 0}>
                    <h3 class="cl-sub">What it read</h3>
                    <dl class="cl-readings" data-testid="panel-readings">
                      <For each={sn().readings}>
                        {(r) => (
                          <div data-reading={r.label} data-value={r.value === null ? '' : String(r.value)}>
                            <dt>{r.label}</dt>
                            <dd>{formatReading(r, ref())}</dd>
                          </div>
                        )}
                      </For>
                    </dl>
                  </Show>
                </>
              )}
            </Show>
          </Show>
        </Show>
      </Show>
    </aside>
  );
}
