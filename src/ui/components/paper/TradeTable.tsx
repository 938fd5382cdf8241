import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { PaperTradeRecord } from '../../../app/paper';
import { chartHref } from '../../../core/chart/link';
import { formatDateTime, formatMoney, formatPercent, formatPrice } from '../../format';

/** Up / down colouring of an amount of money. */
export const pnlClass = (v: string | null | undefined) => ({ up: v !== null && v !== undefined && Number(v) > 0, down: v !== null && v !== undefined && Number(v) < 0 });

/** Trade rows: closed and open, newest first. */
export function TradeTable(props: { trades: PaperTradeRecord[]; testid: string; caption: string }) {
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-label={props.caption}>
      <table class="paper-table" data-testid={props.testid}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th>Entry time</th>
            <th>Symbol</th>
            <th>Direction</th>
            <th>Status</th>
            <th class="num">Entry</th>
            <th class="num">Exit</th>
            <th class="num">Size</th>
            <th class="num">P&L</th>
            <th class="num">P&L %</th>
            <th>Exit reason</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.trades}>
            {(t) => (
              <tr data-testid="trade-row">
                <td data-label="Entry time">{formatDateTime(t.entryTime)}</td>
                <td data-label="Symbol">
                  <Show when={t.session !== null && t.timeframe !== null} fallback={t.symbol}>
                    <A href={chartHref({ symbol: t.symbol, timeframe: t.timeframe!, session: t.session!, time: t.signalTime ?? t.entryTime })} title="This trade on the Chart page, with its session's trades" data-testid="trade-chart-link">
                      {t.symbol}
                    </A>
                  </Show>
                </td>
                <td data-label="Direction" classList={{ up: t.direction === 'LONG', down: t.direction === 'SHORT' }}>
                  {t.direction}
                </td>
                <td data-label="Status">{t.status.toLowerCase()}</td>
                <td data-label="Entry" class="num">
                  {formatPrice(Number(t.entryPrice))}
                </td>
                <td data-label="Exit" class="num">
                  {t.exitPrice === null ? '—' : formatPrice(Number(t.exitPrice))}
                </td>
                <td data-label="Size" class="num">
                  {formatMoney(t.positionSize)}
                </td>
                <td data-label="P&L" class="num" classList={pnlClass(t.profitLoss)}>
                  {formatMoney(t.profitLoss)}
                </td>
                <td data-label="P&L %" class="num">
                  {t.profitLossPct === null ? '—' : formatPercent(Number(t.profitLossPct) / 100)}
                </td>
                <td data-label="Exit reason" class="exit-cell">
                  {t.exitReason ?? ''}
                  <Show when={t.exitTime !== null}>
                    <span class="muted"> {formatDateTime(t.exitTime)}</span>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
