import { createEffect, createSignal, For, Show } from 'solid-js';
import { liveSource, liveWatchList, saveWatchList, setLiveSource, watchListIsDefault, type WatchKey } from '../../../app/live-service';
import { watchId } from '../../../app/live-watch';
import { seriesList } from '../../../app/series-store';
import { SIGNAL_EXPIRY_BARS } from '../../../app/live-signals';
import './settings.css';

/**
 * Settings → Live signals: where live candles come from (the demo clock or the exchanges) and the
 * watch list, chosen among the stored series.
 */
export function LiveSettings() {
  const [chosen, setChosen] = createSignal<Set<string>>(new Set());
  const [message, setMessage] = createSignal<string | null>(null);
  createEffect(() => setChosen(new Set(liveWatchList().map(watchId))));
  const candidates = () => (seriesList() ?? []).map((s): WatchKey & { label: string | null } => ({ exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe, label: s.label }));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen());
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const save = async () => {
    const list = candidates()
      .filter((c) => chosen().has(watchId(c)))
      .map(({ exchange, symbol, timeframe }) => ({ exchange, symbol, timeframe }));
    setMessage((await saveWatchList(list)) ?? `Watching ${list.length} series.`);
  };
  const useDefault = async () => setMessage((await saveWatchList(null)) ?? 'Watching the default list.');

  return (
    <>
      <h2 id="live">Live signals</h2>
      <div class="card settings-stack" data-testid="live-settings">
        <p class="muted">
          While Candlelab is open, every closed candle of a watched series runs through the active preset and its signal joins the stream. A
          signal nobody trades expires when the next {SIGNAL_EXPIRY_BARS === 1 ? 'candle closes' : `${SIGNAL_EXPIRY_BARS} candles close`}; an opposite
          signal on the same symbol cancels it.
        </p>
        <div class="row">
          <span id="live-source-label">Live candles from</span>
          <div class="segmented" role="group" aria-labelledby="live-source-label">
            <button type="button" aria-pressed={liveSource() === 'demo'} onClick={() => void setLiveSource('demo').then(setMessage)}>
              Demo clock
            </button>
            <button type="button" aria-pressed={liveSource() === 'live'} onClick={() => void setLiveSource('live').then(setMessage)}>
              Exchanges (live)
            </button>
          </div>
        </div>
        <p class="muted">
          The demo clock feeds the demo market's series; the exchanges feed the other stored series (polling, or WebSocket where the exchange
          offers it), after bringing them up to date.
        </p>
        <fieldset class="settings-fieldset">
          <legend>Watch list {watchListIsDefault() ? '(default: the demo market on 1h)' : ''}</legend>
          <Show when={candidates().length > 0} fallback={<p class="muted">No candle series stored yet.</p>}>
            <div class="watch-grid">
              <For each={candidates()}>
                {(c) => (
                  <label>
                    <input type="checkbox" checked={chosen().has(watchId(c))} onChange={(e) => toggle(watchId(c), e.currentTarget.checked)} />
                    <span>
                      {c.symbol} {c.timeframe} <span class="muted">{c.exchange}</span>
                    </span>
                  </label>
                )}
              </For>
            </div>
          </Show>
          <div class="row" style={{ 'margin-top': '8px' }}>
            <button type="button" class="btn primary" onClick={() => void save()}>
              Save watch list
            </button>
            <button type="button" class="btn" disabled={watchListIsDefault()} onClick={() => void useDefault()}>
              Use the default
            </button>
            <Show when={message()}>
              <span role="status">{message()}</span>
            </Show>
          </div>
        </fieldset>
      </div>
    </>
  );
}
