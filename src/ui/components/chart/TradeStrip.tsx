import { A } from '@solidjs/router';
import { Show, untrack } from 'solid-js';
import type { ChartStore } from '../../../app/chart-store';
import { formatValue } from '../../../core/metrics';
import { formatDateTime } from '../../format';
import { formatPrice } from './format';

/**
 * The backtest or paper session whose trades are drawn: the selected trade (entry, exit, stop, target, P&L) with
 * buttons to the previous and next trade, each moving the replay to the bar that fired it.
 */
export function TradeStrip(props: { store: ChartStore }) {
  const s = untrack(() => props.store);
  const t = () => s.trades();
  const pos = () => {
    const x = t();
    if (!x || x.selected === null) return -1;
    return x.trades.findIndex((e) => e.index === x.selected);
  };
  const go = (dir: 1 | -1) => {
    const x = t();
    if (!x || x.trades.length === 0) return;
    const p = pos();
    const next = p < 0 ? (dir > 0 ? 0 : x.trades.length - 1) : Math.min(x.trades.length - 1, Math.max(0, p + dir));
    const e = x.trades[next];
    s.selectTrade(e.index);
    s.pause();
    void s.jumpTo(e.trade.signalTime);
  };
  return (
    <Show when={t()}>
      {(x) => (
        <div class="card cl-trades" data-testid="trade-strip" data-selected={x().selected ?? ''}>
          <div class="row cl-trades-head">
            <strong data-testid="trade-source">
              <Show when={x().source.kind === 'backtest' && (x().source as { seq: number; name: string })} fallback={<>Paper session · <A href="/paper">{x().source.name}</A></>}>
                {(b) => (
                  <>
                    Backtest <A href={`/backtests/${b().seq}`}>#{b().seq}</A> · {b().name}
                  </>
                )}
              </Show>
            </strong>
            <span class="muted">{x().trades.length} trades on this symbol</span>
            <span class="row">
              <button type="button" class="btn" disabled={x().trades.length === 0 || pos() === 0} onClick={() => go(-1)}>
                ◂ Trade
              </button>
              <button type="button" class="btn" disabled={x().trades.length === 0 || pos() === x().trades.length - 1} onClick={() => go(1)}>
                Trade ▸
              </button>
            </span>
          </div>
          <Show when={pos() >= 0 && x().trades[pos()]}>
            {(e) => {
              const tr = () => e().trade;
              return (
                <p class="cl-trade" data-testid="selected-chart-trade">
                  <span>
                    Trade <strong>#{e().index + 1}</strong> {tr().direction}
                  </span>
                  <span>signal {formatDateTime(tr().signalTime)}</span>
                  <span>
                    entry <strong>{formatPrice(tr().entryPrice)}</strong> {formatDateTime(tr().entryTime)}
                  </span>
                  <Show when={tr().exitTime !== null} fallback={<span>open</span>}>
                    <span>
                      exit <strong>{formatPrice(tr().exitPrice ?? NaN, tr().entryPrice)}</strong> {formatDateTime(tr().exitTime ?? NaN)} ({tr().exitReason})
                    </span>
                  </Show>
                  <span>stop {tr().stop > 0 ? formatPrice(tr().stop, tr().entryPrice) : 'none'}</span>
                  <span>target {tr().target > 0 ? formatPrice(tr().target, tr().entryPrice) : 'none'}</span>
                  <Show when={tr().pnl !== null}>
                    <span>
                      P&amp;L <strong class={tr().pnl! > 0 ? 'pnl-up' : tr().pnl! < 0 ? 'pnl-down' : ''}>{formatValue('money', tr().pnl!)}</strong> ({formatValue('pct', tr().pnlPct ?? 0)})
                    </span>
                  </Show>
                </p>
              );
            }}
          </Show>
        </div>
      )}
    </Show>
  );
}
