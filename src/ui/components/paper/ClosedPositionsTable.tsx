import { For, Show } from 'solid-js';
import type { ClosedPosition } from '../../../core/paper/portfolio';
import { formatDateTime, formatInt, formatMoney, formatPercent } from '../../format';
import { PaperTable } from './PaperTable';
import { pnlClass } from './TradeTable';

const COLUMNS: ReadonlyArray<{ label: string; num: boolean; cell: (p: ClosedPosition) => string; tone?: (p: ClosedPosition) => string }> = [
  { label: 'Symbol', num: false, cell: (p) => p.symbol },
  { label: 'Trades', num: true, cell: (p) => formatInt(p.trades) },
  { label: 'Won / lost', num: true, cell: (p) => `${formatInt(p.wins)} / ${formatInt(p.losses)}` },
  { label: 'Win rate', num: true, cell: (p) => formatPercent(p.wins / p.trades, 1) },
  { label: 'Fees', num: true, cell: (p) => formatMoney(p.fees) },
  { label: 'Realised P&L', num: true, cell: (p) => formatMoney(p.realisedPnl), tone: (p) => p.realisedPnl },
  { label: 'Last closed', num: false, cell: (p) => formatDateTime(p.lastClosed) },
];

/** The closed side of the portfolio: per symbol, the realised P&L, trades, wins and when the last one closed. */
export function ClosedPositionsTable(props: { positions: ClosedPosition[] }) {
  return (
    <Show when={props.positions.length > 0} fallback={<p class="muted" data-testid="no-closed-positions">No closed position yet.</p>}>
      <PaperTable caption="Closed positions by symbol, the latest closed first" testid="closed-positions">
        <thead>
          <tr>
            <For each={COLUMNS}>{(c) => <th classList={{ num: c.num }}>{c.label}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.positions}>
            {(p) => (
              <tr data-testid="closed-position">
                <For each={COLUMNS}>
                  {(c) => (
                    <td data-label={c.label} classList={{ num: c.num, ...pnlClass(c.tone?.(p)) }}>
                      {c.cell(p)}
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </PaperTable>
    </Show>
  );
}
