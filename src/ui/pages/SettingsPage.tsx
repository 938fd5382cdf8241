import { createResource, For, Show } from 'solid-js';
import { PageHeader } from '../components/PageHeader';
import { ThemeSwitch } from '../components/ThemeSwitch';
import { sectionByPath } from '../components/SectionPage';
import { getStorageHealth, requestPersistence } from '../../app/storage-health';
import { formatBytes } from '../format';
import { checkForUpdate } from '../../app/updates';
import { EXCHANGE_IDS } from '../../app/markets';
import { ProxySetting } from '../components/markets/ProxySetting';
import { LiveSettings } from '../components/settings/LiveSettings';
import { PresetsSettings } from '../components/settings/PresetsSettings';

export default function SettingsPage() {
  const section = sectionByPath('/settings');
  const [health, { refetch }] = createResource(getStorageHealth);
  const persist = async () => {
    await requestPersistence();
    await refetch();
  };
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={section.title} subtitle={section.holds} />
      <LiveSettings />
      <PresetsSettings />
      <h2>Storage</h2>
      <div class="card" data-testid="storage-card">
        <Show when={health()} fallback={<p class="muted">Measuring storage…</p>}>
          {(h) => (
            <>
              <p>
                Used <strong class="num" data-testid="storage-usage">{formatBytes(h().usage)}</strong> of{' '}
                <span class="num">{formatBytes(h().quota)}</span> available to this site.
              </p>
              <Show when={h().quota && h().usage !== null}>
                <progress max={h().quota ?? 1} value={h().usage ?? 0} aria-label="Storage used" />
              </Show>
              <p data-testid="persistence-status">
                Persistence:{' '}
                <strong>
                  {h().persisted
                    ? 'persistent — the browser will not evict your data'
                    : h().persistSupported
                      ? 'best effort — the browser may clear data when space runs low'
                      : 'not supported by this browser'}
                </strong>
              </p>
              <Show when={!h().persisted && h().persistSupported}>
                <button type="button" class="btn primary" onClick={() => void persist()}>
                  Ask to keep data persistent
                </button>
              </Show>
            </>
          )}
        </Show>
      </div>
      <h2>Exchanges</h2>
      <div class="card" data-testid="exchange-settings">
        <p class="muted">
          Market data comes straight from each exchange's public API. Where an exchange refuses requests from browsers, a CORS proxy can relay
          them. The same settings are on the Markets page.
        </p>
        <For each={EXCHANGE_IDS}>
          {(id) => (
            <div style={{ 'margin-top': '10px' }}>
              <ProxySetting exchange={id} compact />
            </div>
          )}
        </For>
      </div>
      <h2>Appearance</h2>
      <div class="card row">
        <span>Theme</span>
        <ThemeSwitch />
      </div>
      <h2>Updates</h2>
      <div class="card row">
        <span>Candlelab updates itself when you are online and asks before switching versions.</span>
        <button type="button" class="btn" onClick={() => void checkForUpdate()}>
          Check for updates
        </button>
      </div>
    </section>
  );
}
