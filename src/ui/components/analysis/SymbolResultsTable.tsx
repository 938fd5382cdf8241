import { For } from 'solid-js';
import type { SymbolResult } from '../../../core/analysis/performance';
import { count, fraction, money, pnlClass } from './format';

/** Symbols ranked by result: trades, win rate and P&L each. */
export function SymbolResultsTable(props: { rows: readonly SymbolResult[]; label: string; testid?: string }) {
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-label={props.label}>
      <table class="an-table" data-testid={props.testid}>
        <thead>
          <tr>
            <th>Symbol</th>
            <th class="num">Trades</th>
            <th class="num">Win rate</th>
            <th class="num">P&amp;L</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(s) => (
              <tr>
                <td>{s.symbol}</td>
                <td class="num">{count(s.trades)}</td>
                <td class="num">{fraction(s.winRate)}</td>
                <td class={pnlClass(s.totalPnl)}>{money(s.totalPnl)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
