import { createEffect, createSignal, on, Show } from 'solid-js';
import './markets.css';
import { EXCHANGES, exchangeProxies, PROXY_WARNING, saveProxyUrl, type ExchangeId } from '../../../app/markets';

/**
 * The optional CORS proxy of one exchange (a URL prefix every request goes through), with the
 * plain warning that the proxy sees all of that traffic. Saved in the settings.
 */
export function ProxySetting(props: { exchange: ExchangeId; compact?: boolean }) {
  const saved = () => exchangeProxies()[props.exchange] ?? '';
  const [value, setValue] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);
  createEffect(on(saved, (v) => setValue(v)));
  createEffect(
    on(
      () => props.exchange,
      () => {
        setError(null);
        setNote(null);
      },
    ),
  );
  const id = () => `proxy-${props.exchange}`;
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    try {
      await saveProxyUrl(props.exchange, value());
      setNote(value().trim() === '' ? 'No proxy: requests go straight to the exchange.' : 'Saved. Requests now go through this proxy.');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form class="proxy-setting" novalidate data-testid={`proxy-setting-${props.exchange}`} onSubmit={(e) => void save(e)}>
      <div class="row" style={{ 'align-items': 'flex-end' }}>
        <label class="field" for={id()} style={{ flex: '1 1 320px' }}>
          {EXCHANGES[props.exchange].name} CORS proxy URL (optional)
          <input
            id={id()}
            type="url"
            placeholder="https://my-proxy.example/"
            value={value()}
            onInput={(e) => setValue(e.currentTarget.value)}
            autocomplete="off"
            aria-describedby={`${id()}-warning`}
          />
        </label>
        <button type="submit" class="btn" disabled={value().trim() === saved()}>
          Save proxy
        </button>
      </div>
      <p id={`${id()}-warning`} class="muted" style={{ 'font-size': '0.85rem' }}>
        <strong>Warning:</strong> {PROXY_WARNING}
        <Show when={!props.compact}> Leave it empty to talk to {EXCHANGES[props.exchange].name} directly.</Show>
      </p>
      <Show when={error()}>
        {(m) => (
          <p role="alert" class="banner error">
            {m()}
          </p>
        )}
      </Show>
      <Show when={note()}>
        {(m) => (
          <p role="status" class="muted">
            {m()}
          </p>
        )}
      </Show>
    </form>
  );
}
