import { createSignal, For, Show } from 'solid-js';
import { TIMEFRAMES, type Timeframe } from '../../../core/candles/timeframe';
import { startBackfill } from '../../../app/backfill-jobs';
import { backfillRequest, dateInputValue, parseSymbolList } from '../../../app/exchange-text';
import { EXCHANGES, selectedExchange, storedMarkets } from '../../../app/markets';
import { ExchangePicker } from './ExchangePicker';

/**
 * The backfill form: symbols (typed, or picked from the favourites and the stored market list),
 * timeframes as checkboxes, and either a date range or "the last N candles" per series.
 */
export function BackfillForm() {
  const [symbols, setSymbols] = createSignal<string[]>([]);
  const [typed, setTyped] = createSignal('');
  const [timeframes, setTimeframes] = createSignal<Timeframe[]>(['1h']);
  const [mode, setMode] = createSignal<'range' | 'lastN'>('range');
  const [from, setFrom] = createSignal(dateInputValue(Date.now() - 365 * 86_400_000));
  const [to, setTo] = createSignal('');
  const [lastN, setLastN] = createSignal('1000');
  const [error, setError] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);

  const exchange = () => selectedExchange();
  const known = () => (storedMarkets(exchange()) ?? []).map((m) => m.symbol);
  const favourites = () => (storedMarkets(exchange()) ?? []).filter((m) => m.favourite).map((m) => m.symbol);
  const supported = () => EXCHANGES[exchange()].timeframes;

  const addTyped = (): string[] => {
    const add = parseSymbolList(typed(), known());
    const next = [...symbols()];
    for (const s of add) if (!next.includes(s)) next.push(s);
    setSymbols(next);
    setTyped('');
    return next;
  };
  const addSymbol = (s: string) => {
    if (!symbols().includes(s)) setSymbols([...symbols(), s]);
  };
  const removeSymbol = (s: string) => setSymbols(symbols().filter((x) => x !== s));
  const toggleTf = (tf: Timeframe, on: boolean) => {
    const set = new Set(timeframes());
    if (on) set.add(tf);
    else set.delete(tf);
    setTimeframes(TIMEFRAMES.filter((t) => set.has(t)));
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    const chosen = addTyped();
    let request;
    try {
      request = backfillRequest({ exchange: exchange(), symbols: chosen, timeframes: timeframes(), mode: mode(), from: from(), to: to(), lastN: lastN() });
      const missing = request.timeframes.filter((tf) => !supported().includes(tf));
      if (missing.length > 0) throw new RangeError(`timeframes: ${EXCHANGES[exchange()].name} has no ${missing.join(', ')} candles`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    setNote(`Started: ${request.symbols.join(', ')} × ${request.timeframes.join(', ')}. Progress is below.`);
    void startBackfill(request);
  };

  return (
    <form class="card" data-testid="backfill-form" onSubmit={submit} aria-labelledby="backfill-form-title">
      <h2 id="backfill-form-title">New backfill</h2>
      <p class="muted">
        Downloads history page by page at the exchange's largest page size, respecting its rate limits. Jobs survive closing the tab: they resume
        from the last stored page when Candlelab is opened again.
      </p>
      <div class="form-grid">
        <ExchangePicker />
      </div>
      <fieldset class="plain" style={{ 'margin-top': '12px' }}>
        <legend>Symbols</legend>
        <div class="chips" data-testid="backfill-symbols" aria-live="polite">
          <For each={symbols()} fallback={<span class="muted">None chosen yet.</span>}>
            {(s) => (
              <span class="chip" data-symbol={s}>
                {s}
                <button type="button" aria-label={`Remove ${s}`} onClick={() => removeSymbol(s)}>
                  ×
                </button>
              </span>
            )}
          </For>
        </div>
        <div class="row" style={{ 'margin-top': '8px', 'align-items': 'flex-end' }}>
          <label class="field" style={{ flex: '1 1 260px' }}>
            Add symbols (e.g. BTC/USDT, ETH/USDT)
            <input
              type="text"
              list="backfill-known-symbols"
              value={typed()}
              onInput={(e) => setTyped(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addTyped();
                }
              }}
              autocomplete="off"
              data-testid="backfill-symbol-input"
            />
            <datalist id="backfill-known-symbols">
              <For each={known()}>{(s) => <option value={s} />}</For>
            </datalist>
          </label>
          <button type="button" class="btn" onClick={() => addTyped()}>
            Add
          </button>
        </div>
        <Show when={favourites().length > 0}>
          <div class="row" style={{ 'margin-top': '8px' }}>
            <span class="muted">Favourites:</span>
            <For each={favourites()}>
              {(s) => (
                <button type="button" class="btn" disabled={symbols().includes(s)} onClick={() => addSymbol(s)} aria-label={`Add ${s}`}>
                  ★ {s}
                </button>
              )}
            </For>
          </div>
        </Show>
      </fieldset>
      <fieldset class="plain" style={{ 'margin-top': '12px' }}>
        <legend>Timeframes</legend>
        <div class="checks">
          <For each={TIMEFRAMES}>
            {(tf) => (
              <label title={supported().includes(tf) ? undefined : `${EXCHANGES[exchange()].name} has no ${tf} candles`}>
                <input
                  type="checkbox"
                  name="timeframe"
                  value={tf}
                  checked={timeframes().includes(tf)}
                  disabled={!supported().includes(tf)}
                  onChange={(e) => toggleTf(tf, e.currentTarget.checked)}
                />
                {tf}
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <fieldset class="plain" style={{ 'margin-top': '12px' }}>
        <legend>Range</legend>
        <div class="row">
          <label class="row" style={{ gap: '6px' }}>
            <input type="radio" name="range-mode" value="range" checked={mode() === 'range'} onChange={() => setMode('range')} />
            Dates
          </label>
          <label class="row" style={{ gap: '6px' }}>
            <input type="radio" name="range-mode" value="lastN" checked={mode() === 'lastN'} onChange={() => setMode('lastN')} />
            Last N candles
          </label>
        </div>
        <Show
          when={mode() === 'range'}
          fallback={
            <div class="form-grid" style={{ 'margin-top': '8px' }}>
              <label class="field">
                Candles per series
                <input type="number" min="1" step="1" value={lastN()} onInput={(e) => setLastN(e.currentTarget.value)} />
              </label>
            </div>
          }
        >
          <div class="form-grid" style={{ 'margin-top': '8px' }}>
            <label class="field">
              From (UTC)
              <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} required />
            </label>
            <label class="field">
              To (UTC, included; empty = up to now)
              <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
            </label>
          </div>
        </Show>
      </fieldset>
      <Show when={error()}>
        {(m) => (
          <p role="alert" class="banner error" data-testid="backfill-form-error">
            {m()}
          </p>
        )}
      </Show>
      <div class="row" style={{ 'margin-top': '12px' }}>
        <button type="submit" class="btn primary">
          Start backfill
        </button>
        <Show when={note()}>
          {(m) => (
            <span role="status" class="muted">
              {m()}
            </span>
          )}
        </Show>
      </div>
    </form>
  );
}
