import { createResource, createSignal, Show } from 'solid-js';
import { BYTES_PER_CANDLE, seriesList } from '../../app/series-store';
import { getStorageHealth, requestPersistence } from '../../app/storage-health';
import { formatClock } from '../format';
import { StatusLine, type Outcome } from './StatusLine';
import { storageFigures } from './storage-figures';

/**
 * How much this site stores and may store (used, quota and their share from one measurement, the
 * database's part where the browser says), the candle series' data size (the sum of the Size
 * column), and whether the browser may evict the data — with "Ask to keep data persistent" and
 * "Measure again", each saying what it is doing and then what came of it. Measured again whenever
 * the stored series change.
 */
export function StorageCard(props: { /** Whether the card carries its own "Storage" heading (false where the page gives it). */ titled?: boolean }) {
  const series = () => seriesList() ?? [];
  const [health, { refetch }] = createResource(
    () => series().reduce((n, s) => n + s.sizeBytes, 0),
    () => getStorageHealth(),
  );
  const figures = () => {
    const h = health();
    return h ? storageFigures(h, series()) : undefined;
  };
  const [busy, setBusy] = createSignal<'persist' | 'measure' | null>(null);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const persist = async () => {
    setBusy('persist');
    setOutcome(null);
    const granted = await requestPersistence();
    await refetch();
    setBusy(null);
    setOutcome(
      granted
        ? { kind: 'ok', text: 'Granted: the browser will keep this data even when the disk runs low.' }
        : {
            kind: 'warn',
            text: 'The browser declined for now. Browsers grant it to sites you use often, bookmark or install: install Candlelab (Install in the address bar) and ask again.',
          },
    );
  };
  const measure = async () => {
    setBusy('measure');
    setOutcome(null);
    await refetch();
    setBusy(null);
    setOutcome({ kind: 'ok', text: `Measured at ${formatClock(Date.now())}.` });
  };

  return (
    <div class="card storage-card" data-testid="storage-card">
      <Show when={props.titled !== false}>
        <h2>Storage</h2>
      </Show>
      <Show when={health() && figures()} fallback={<p class="muted">Measuring storage…</p>}>
        {(f) => (
          <>
            <p>
              Used <strong class="num" data-testid="storage-usage">{f().used}</strong> of <strong class="num">{f().quota}</strong> the browser allows this
              site (<span class="num" data-testid="storage-share">{f().share}</span>).
            </p>
            <Show when={health()!.quota && health()!.usage !== null}>
              <progress max={health()!.quota ?? 1} value={health()!.usage ?? 0} aria-label="Storage used" aria-valuetext={`${f().used} of ${f().quota} (${f().share})`} />
            </Show>
            <Show when={f().split}>
              {(split) => (
                <p class="muted" data-testid="storage-split">
                  Of that, the database holds <span class="num">{split().database}</span>; the rest (<span class="num">{split().other}</span>) is the app's offline
                  copy and other site data.
                </p>
              )}
            </Show>
            <p data-testid="storage-candles">
              Candles: <span class="num">{f().candles.series}</span> series, <span class="num">{f().candles.count}</span> candles,{' '}
              <strong class="num">{f().candles.bytes}</strong> of candle data — the Size column added up, {BYTES_PER_CANDLE} bytes a candle before the browser
              compresses it, so it may take less room on disk.
            </p>
            <p data-testid="persistence-status">
              Persistence:{' '}
              <strong>
                {health()!.persisted
                  ? 'persistent — the browser will not evict this data'
                  : health()!.persistSupported
                    ? 'best effort — the browser may clear data when space runs low'
                    : 'not supported by this browser'}
              </strong>
            </p>
          </>
        )}
      </Show>
      <div class="row">
        <Show when={health() && !health()!.persisted && health()!.persistSupported}>
          <button type="button" class="btn primary" disabled={busy() !== null} aria-busy={busy() === 'persist'} onClick={() => void persist()}>
            {busy() === 'persist' ? 'Asking the browser…' : 'Ask to keep data persistent'}
          </button>
        </Show>
        <button type="button" class="btn" disabled={busy() !== null} aria-busy={busy() === 'measure'} onClick={() => void measure()}>
          {busy() === 'measure' ? 'Measuring…' : 'Measure again'}
        </button>
        <StatusLine outcome={outcome()} testid="storage-outcome" />
      </div>
    </div>
  );
}
