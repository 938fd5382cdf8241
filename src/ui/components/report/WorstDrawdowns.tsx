import { For, Show } from 'solid-js';
import { formatDuration, formatValue } from '../../../core/metrics';
import type { DrawdownPeriod } from '../../../core/reports/drawdown-periods';
import { formatDateTime } from '../../format';
import './report.css';

/** The deepest drawdown periods: start (the peak), trough, recovery, depth and length. */
export function WorstDrawdowns(props: { periods: readonly DrawdownPeriod[] }) {
  return (
    <Show when={props.periods.length > 0} fallback={<p class="muted">The equity never fell below a peak.</p>}>
      <div class="table-wrap">
        <table class="stack drawdowns" data-testid="worst-drawdowns">
          <caption class="visually-hidden">The deepest drawdowns of the equity curve</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Start (peak)</th>
              <th scope="col">Trough</th>
              <th scope="col">Recovery</th>
              <th scope="col" class="num">
                Depth
              </th>
              <th scope="col" class="num">
                Length
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.periods}>
              {(p, i) => (
                <tr>
                  <td>{i() + 1}</td>
                  <td data-label="Start">{formatDateTime(p.start)}</td>
                  <td data-label="Trough">{formatDateTime(p.trough)}</td>
                  <td data-label="Recovery">{p.recovery === null ? <span class="muted">not recovered</span> : formatDateTime(p.recovery)}</td>
                  <td class="num pnl-down" data-label="Depth" data-col="depth">
                    {formatValue('pct', -p.depthPct)}
                  </td>
                  <td class="num" data-label="Length">
                    {formatDuration(p.lengthMs)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
