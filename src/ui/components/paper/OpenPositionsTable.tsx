import { createSignal, For, Show } from 'solid-js';
import { openPnlOf, type MarketMark, type PaperTradeRecord } from '../../../app/paper';
import { formatDateTime, formatMoney, formatPrice } from '../../format';
import { PaperError } from './PaperError';
import { PaperTable } from './PaperTable';
import { pnlClass } from './TradeTable';

/**
 * Open positions with their live P&L at the latest market marks; with `onClose`, each row has a
 * Close button (its refusal, if any, shown under the table).
 */
export function OpenPositionsTable(props: {
  trades: PaperTradeRecord[];
  marks: Record<string, MarketMark> | undefined;
  caption: string;
  testid: string;
  onClose?: (t: PaperTradeRecord) => Promise<string | null>;
}) {
  const [error, setError] = createSignal<string | null>(null);
  return (
    <>
      <PaperTable caption={props.caption} testid={props.testid}>
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Direction</th>
            <th>Opened</th>
            <th class="num">Entry</th>
            <th class="num">Market</th>
            <th class="num">Size</th>
            <th class="num">Open P&L</th>
            <th>Mode</th>
            <Show when={props.onClose}>
              <th>
                <span class="visually-hidden">Actions</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={props.trades}>
            {(t) => {
              const mark = () => props.marks?.[t.symbol]?.price ?? null;
              const pnl = () => openPnlOf(t, mark()).toString();
              return (
                <tr>
                  <td data-label="Symbol">{t.symbol}</td>
                  <td data-label="Direction" classList={{ up: t.direction === 'LONG', down: t.direction === 'SHORT' }}>
                    {t.direction}
                  </td>
                  <td data-label="Opened">{formatDateTime(t.entryTime)}</td>
                  <td data-label="Entry" class="num">
                    {formatPrice(Number(t.entryPrice))}
                  </td>
                  <td data-label="Market" class="num">
                    {formatPrice(mark())}
                  </td>
                  <td data-label="Size" class="num">
                    {formatMoney(t.positionSize)}
                  </td>
                  <td data-label="Open P&L" class="num" classList={pnlClass(pnl())}>
                    {formatMoney(pnl())}
                  </td>
                  <td data-label="Mode">{t.mode.toLowerCase()}</td>
                  <Show when={props.onClose}>
                    {(close) => (
                      <td>
                        <button type="button" class="btn" onClick={() => void close()(t).then(setError)} aria-label={`Close ${t.symbol}`}>
                          Close
                        </button>
                      </td>
                    )}
                  </Show>
                </tr>
              );
            }}
          </For>
        </tbody>
      </PaperTable>
      <PaperError text={error()} />
    </>
  );
}
