import { createSignal, For } from 'solid-js';
import { EXCHANGE_IDS } from '../../app/markets';
import { checkForUpdate, updateWaiting } from '../../app/updates';
import { ProxySetting } from '../components/markets/ProxySetting';
import { PageHeader } from '../components/PageHeader';
import { sectionByPath } from '../components/SectionPage';
import { StatusLine, type Outcome } from '../components/StatusLine';
import { StorageCard } from '../components/StorageCard';
import { ThemeSwitch } from '../components/ThemeSwitch';
import { formatClock } from '../format';

/** Check for updates, saying that it is checking and then what it found. */
function UpdateCheck() {
  const [checking, setChecking] = createSignal(false);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  const check = async () => {
    setChecking(true);
    setOutcome(null);
    try {
      const found = await checkForUpdate();
      const at = formatClock(Date.now());
      setOutcome(
        found === 'found'
          ? { kind: 'ok', text: updateWaiting() ? 'A new version is ready: choose Reload in the banner at the top.' : `A new version was found at ${at}; it downloads now and the banner offers Reload when it is ready.` }
          : found === 'current'
            ? { kind: 'ok', text: `You have the latest version (checked at ${at}).` }
            : { kind: 'warn', text: 'This copy is not kept by a service worker (a development server, or a browser without service workers), so there is nothing to update: reload the page for the newest version.' },
      );
    } catch (e) {
      setOutcome({ kind: 'warn', text: `Could not reach the server to check (${e instanceof Error ? e.message : String(e)}). Are you offline? Candlelab keeps working and checks again later.` });
    } finally {
      setChecking(false);
    }
  };
  return (
    <div class="card">
      <p>Candlelab updates itself when you are online and asks before switching versions.</p>
      <div class="row">
        <button type="button" class="btn" disabled={checking()} aria-busy={checking()} onClick={() => void check()}>
          {checking() ? 'Checking…' : 'Check for updates'}
        </button>
        <StatusLine outcome={outcome()} testid="update-outcome" />
      </div>
    </div>
  );
}

export default function SettingsPage() {
  const section = sectionByPath('/settings');
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={section.title} subtitle={section.holds} />
      <h2>Storage</h2>
      <StorageCard titled={false} />
      <h2>Exchanges</h2>
      <div class="card" data-testid="exchange-settings">
        <p class="muted">
          Market data comes straight from each exchange's public API. Where an exchange refuses requests from browsers, a CORS proxy can relay
          them. The same settings are on the Markets page. Hosting Candlelab yourself with its Content-Security-Policy? Add the proxy's origin to
          its <code>connect-src</code> (see the README's deploy notes), or the browser blocks the proxy.
        </p>
        <For each={EXCHANGE_IDS}>
          {(id) => (
            <div class="settings-proxy">
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
      <UpdateCheck />
      <h2>About</h2>
      <div class="card" data-testid="about">
        <p>
          Charts: TradingView Lightweight Charts™, Copyright (c) 2025 TradingView, Inc.,{' '}
          <a href="https://www.tradingview.com/">https://www.tradingview.com/</a> (Apache License 2.0).
        </p>
        <p class="muted">Candlelab runs entirely in this browser: no account, no server of ours, nothing sent anywhere but to the exchanges you use.</p>
      </div>
    </section>
  );
}
