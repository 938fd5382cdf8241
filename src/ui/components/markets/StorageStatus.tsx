import { createResource, Show } from 'solid-js';
import { getStorageHealth, requestPersistence } from '../../../app/storage-health';
import { seriesList } from '../../../app/series-store';
import { formatBytes } from '../../format';

/** How much this site stores, how much it may, whether the browser may evict it, and the candles' share. */
export function StorageStatus() {
  const [health, { refetch }] = createResource(getStorageHealth);
  const candleBytes = () => (seriesList() ?? []).reduce((n, s) => n + s.sizeBytes, 0);
  const persist = async () => {
    await requestPersistence();
    await refetch();
  };
  return (
    <div class="card" data-testid="storage-status">
      <h2>Storage</h2>
      <Show when={health()} fallback={<p class="muted">Measuring storage…</p>}>
        {(h) => (
          <>
            <p>
              Candles take about <strong class="num">{formatBytes(candleBytes())}</strong>. In all this site uses{' '}
              <strong class="num" data-testid="storage-estimate">
                {formatBytes(h().usage)}
              </strong>{' '}
              of <span class="num">{formatBytes(h().quota)}</span> the browser allows.
            </p>
            <Show when={h().quota && h().usage !== null}>
              <progress max={h().quota ?? 1} value={h().usage ?? 0} aria-label="Storage used" />
            </Show>
            <p data-testid="storage-persistence">
              Persistence:{' '}
              <strong>
                {h().persisted
                  ? 'persistent — the browser will not evict this data'
                  : h().persistSupported
                    ? 'best effort — the browser may clear data when space runs low'
                    : 'not supported by this browser'}
              </strong>
            </p>
            <div class="row">
              <Show when={!h().persisted && h().persistSupported}>
                <button type="button" class="btn primary" onClick={() => void persist()}>
                  Ask to keep data persistent
                </button>
              </Show>
              <button type="button" class="btn" onClick={() => void refetch()}>
                Measure again
              </button>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
