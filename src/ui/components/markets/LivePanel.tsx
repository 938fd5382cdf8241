import { createSignal, For, onCleanup, Show } from 'solid-js';
import { candleOpenTime, timeframeMs, type Timeframe } from '../../../core/candles/timeframe';
import { normalizeSymbol } from '../../../app/exchange-text';
import { livePair, watchLive, type LiveCandle, type LiveSubscription } from '../../../app/live-candles';
import { EXCHANGES, marketTickSize, storedMarkets, type ExchangeId } from '../../../app/markets';
import { formatDateTime, formatPrice } from '../../format';

/** Closed candles listed at most (the oldest drop off). */
const SHOWN = 100;
/** Closed candles fetched before the live ones when watching starts. */
const BACKLOG = 10;

interface Received {
  seq: number;
  candle: LiveCandle;
  catchUp: boolean;
}

function backlogStart(now: number, tf: Timeframe): number {
  const open = candleOpenTime(now, tf);
  if (tf === '1M') {
    const d = new Date(open);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - BACKLOG, 1);
  }
  return open - BACKLOG * timeframeMs(tf);
}


/**
 * Watches one symbol and timeframe live: the last closed candles first, then each candle as it
 * closes (in order, caught-up ones marked), and the candle still forming. Watching stops when the
 * panel is left. Candles shown here are not stored unless asked.
 */
export function LivePanel(props: { exchange: ExchangeId }) {
  const [symbol, setSymbol] = createSignal('BTC/USDT');
  const [tf, setTf] = createSignal<Timeframe>('1m');
  const [store, setStore] = createSignal(false);
  const [sub, setSub] = createSignal<{ s: LiveSubscription; exchange: ExchangeId; symbol: string; tf: Timeframe } | null>(null);
  /** A price of the watched market at its tick size (8 significant digits when unknown). */
  const price = (v: number) => {
    const cur = sub();
    return formatPrice(v, cur ? marketTickSize(cur.exchange, cur.symbol) : null);
  };
  const [received, setReceived] = createSignal<Received[]>([]);
  let seq = 0;

  const stop = async () => {
    const cur = sub();
    setSub(null);
    await cur?.s.stop();
  };
  onCleanup(() => void stop());

  const start = async (e: SubmitEvent) => {
    e.preventDefault();
    await stop();
    const ex = props.exchange;
    const sym = normalizeSymbol(symbol(), (storedMarkets(ex) ?? []).map((m) => m.symbol));
    const timeframe = tf();
    setSymbol(sym);
    setReceived([]);
    seq = 0;
    const s = watchLive(
      [{ symbol: sym, timeframe, since: backlogStart(Date.now(), timeframe) }],
      (ev) => setReceived((list) => [...list, { seq: ++seq, candle: ev.candle, catchUp: ev.catchUp }].slice(-SHOWN)),
      { exchange: ex, store: store() },
    );
    setSub({ s, exchange: ex, symbol: sym, tf: timeframe });
  };

  const state = () => {
    const cur = sub();
    return cur ? livePair(cur.exchange, cur.symbol, cur.tf) : null;
  };
  const timeframes = () => EXCHANGES[props.exchange].timeframes;
  const options = () => (storedMarkets(props.exchange) ?? []).filter((m) => m.favourite).map((m) => m.symbol);

  return (
    <div class="card" data-testid="live-panel">
      <h2>Live candles</h2>
      <p class="muted">
        Each candle appears once it has closed, in order; the one still forming is shown apart. After the tab was hidden, asleep or offline,
        the candles missed meanwhile are fetched and added in order.
      </p>
      <form class="row" style={{ 'align-items': 'flex-end' }} onSubmit={(e) => void start(e)}>
        <label class="field">
          Symbol
          <input type="text" value={symbol()} onInput={(e) => setSymbol(e.currentTarget.value)} list="live-symbols" size="14" autocomplete="off" required />
          <datalist id="live-symbols">
            <For each={options()}>{(s) => <option value={s} />}</For>
          </datalist>
        </label>
        <label class="field">
          Timeframe
          <select value={tf()} onChange={(e) => setTf(e.currentTarget.value as Timeframe)}>
            <For each={timeframes()}>{(t) => <option value={t}>{t}</option>}</For>
          </select>
        </label>
        <label class="row" style={{ gap: '6px' }}>
          <input type="checkbox" checked={store()} onChange={(e) => setStore(e.currentTarget.checked)} />
          Store closed candles
        </label>
        <button type="submit" class="btn primary">
          {sub() ? 'Watch instead' : 'Watch'}
        </button>
        <Show when={sub()}>
          <button type="button" class="btn" onClick={() => void stop()}>
            Stop
          </button>
        </Show>
      </form>
      <Show when={sub()}>
        {(cur) => (
          <div style={{ 'margin-top': '10px' }}>
            <p role="status" data-testid="live-status">
              Watching <strong>{cur().symbol}</strong> {cur().tf} on {EXCHANGES[cur().exchange].name}
              {' · '}
              <span data-testid="live-mode" data-mode={state()?.status?.mode ?? ''}>
                {state()?.status ? (state()!.status!.mode === 'websocket' ? 'WebSocket stream' : 'polling') : 'starting'}
              </span>
              <Show when={state()?.status?.state === 'retrying'}> · retrying</Show>
              <Show when={state()?.status?.state === 'stopped'}> · stopped</Show>
            </p>
            <Show when={state()?.lastReceived}>
              {(r) => (
                <p class="muted" data-testid="live-last" data-time={r().time} style={{ 'font-size': '0.85rem' }}>
                  Last candle received at {new Date(r().at).toISOString().slice(11, 19)} UTC (opens {formatDateTime(r().time)})
                </p>
              )}
            </Show>
            <Show when={state()?.status?.error}>
              {(m) => (
                <p class="muted" data-testid="live-note" style={{ 'font-size': '0.85rem' }}>
                  {m()}
                </p>
              )}
            </Show>
            <Show when={cur().s.error()}>
              {(m) => (
                <p role="alert" class="banner error">
                  {m()}
                </p>
              )}
            </Show>
            <Show when={state()?.forming}>
              {(f) => (
                <p class="forming" data-testid="live-forming" data-time={f().time}>
                  Forming: {formatDateTime(f().time)} · O {price(f().open)} H {price(f().high)} L {price(f().low)} C {price(f().close)}
                </p>
              )}
            </Show>
            <div class="table-wrap" style={{ 'max-height': '320px', 'overflow-y': 'auto' }}>
              <table class="live-table" data-testid="live-closed">
                <caption class="muted" style={{ 'text-align': 'left', padding: '6px 10px' }}>
                  Closed candles received: {received().length}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Open time</th>
                    <th scope="col" class="num">Open</th>
                    <th scope="col" class="num">High</th>
                    <th scope="col" class="num">Low</th>
                    <th scope="col" class="num">Close</th>
                    <th scope="col" class="num">Volume</th>
                    <th scope="col">
                      <span class="visually-hidden">Note</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={[...received()].reverse()}>
                    {(r) => (
                      <tr data-seq={r.seq} data-time={r.candle.time} data-close={r.candle.close} data-catch-up={r.catchUp ? 'true' : 'false'}>
                        <td>{formatDateTime(r.candle.time)}</td>
                        <td class="num">{price(r.candle.open)}</td>
                        <td class="num">{price(r.candle.high)}</td>
                        <td class="num">{price(r.candle.low)}</td>
                        <td class="num">{price(r.candle.close)}</td>
                        <td class="num">{formatPrice(r.candle.volume)}</td>
                        <td class="muted">{r.catchUp ? 'caught up' : ''}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </div>
        )}
      </Show>
    </div>
  );
}
