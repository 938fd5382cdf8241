import { A } from '@solidjs/router';
import { For } from 'solid-js';
import './markets.css';

/** The sub-pages of Markets & Data, in tab order. */
export const MARKETS_TABS: ReadonlyArray<{ path: string; label: string }> = [
  { path: '/markets', label: 'Markets' },
  { path: '/markets/backfill', label: 'Backfill' },
  { path: '/markets/data', label: 'Stored data' },
  { path: '/markets/import', label: 'Import & export' },
];

/**
 * The tab bar of Markets & Data: plain links in a labelled navigation (each reachable with Tab,
 * followed with Enter), the current one marked with `aria-current="page"`.
 */
export function MarketsTabs() {
  return (
    <nav class="subtabs" aria-label="Markets & Data pages">
      <ul>
        <For each={MARKETS_TABS}>
          {(t) => (
            <li>
              <A href={t.path} end activeClass="active">
                {t.label}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
