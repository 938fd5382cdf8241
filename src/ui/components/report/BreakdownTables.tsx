import { For, Show } from 'solid-js';
import type { BreakdownRecord } from '../../../core/metrics';
import { formatInt } from '../../format';
import { breakdownRows, BREAKDOWN_TABLES } from './model';
import './report.css';

/**
 * The result split by direction, symbol, exit reason and confidence level: trades, win rate, net
 * pnl (coloured) and profit factor of each group. Groups without trades are listed dimmed.
 */
export function BreakdownTables(props: { breakdowns: BreakdownRecord }) {
  return (
    <div class="report-grid breakdowns" data-testid="breakdowns">
      <For each={BREAKDOWN_TABLES}>
        {(table) => {
          const rows = () => breakdownRows(props.breakdowns, table.name);
          return (
            <div data-testid={`breakdown-${table.name}`}>
              <h3 id={`breakdown-${table.name}-title`}>{table.title}</h3>
              <div class="table-wrap">
                <table class="breakdown" aria-labelledby={`breakdown-${table.name}-title`}>
                  <thead>
                    <tr>
                      <th scope="col">Group</th>
                      <th scope="col" class="num">
                        Trades
                      </th>
                      <th scope="col" class="num">
                        Win rate
                      </th>
                      <th scope="col" class="num">
                        P&amp;L
                      </th>
                      <th scope="col" class="num">
                        <abbr title="Profit factor">PF</abbr>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={rows()}>
                      {(r) => (
                        <tr data-group={r.key} class={r.trades === 0 ? 'muted' : undefined}>
                          <th scope="row">{r.label}</th>
                          <td class="num">{formatInt(r.trades)}</td>
                          <td class="num">{r.winRate}</td>
                          <td class={`num${r.pnlValue !== null && r.pnlValue > 0 ? ' pnl-up' : r.pnlValue !== null && r.pnlValue < 0 ? ' pnl-down' : ''}`}>{r.pnl}</td>
                          <td class="num">{r.profitFactor}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
                <Show when={rows().length === 0}>
                  <p class="muted table-note">No trades.</p>
                </Show>
              </div>
            </div>
          );
        }}
      </For>
    </div>
  );
}
