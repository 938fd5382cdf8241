import type { Locator, Page } from '@playwright/test';
import { expect, loadDemoMarket } from './fixtures';

/** A page of the app and what shows it is ready (its heading and, where it reads data, the part that shows the data). */
export interface AppRoute {
  path: string;
  heading: string;
  ready?: (page: Page) => Locator;
}

/**
 * Every route of the app, as it looks with data: the demo market loaded and backtests #1 and #2
 * completed (see `loadDemoWithBacktests`).
 */
export const APP_ROUTES: readonly AppRoute[] = [
  { path: '/', heading: 'Welcome to Candlelab' },
  { path: '/markets', heading: 'Markets & Data', ready: (p) => p.getByTestId('market-list') },
  { path: '/markets/backfill', heading: 'Markets & Data', ready: (p) => p.getByRole('button', { name: 'Start backfill' }) },
  { path: '/markets/data', heading: 'Markets & Data', ready: (p) => p.getByTestId('storage-usage') },
  { path: '/markets/import', heading: 'Markets & Data', ready: (p) => p.getByTestId('export-table') },
  { path: '/chart', heading: 'Chart', ready: (p) => p.getByTestId('condition-panel').locator('[data-testid=panel-conditions]') },
  { path: '/signals', heading: 'Signals' },
  { path: '/backtests', heading: 'Backtests', ready: (p) => p.getByTestId('job-list') },
  { path: '/backtests/1', heading: 'Backtest #1', ready: (p) => p.getByTestId('trades-table') },
  { path: '/backtests/compare?ids=1,2', heading: 'Compare backtests', ready: (p) => p.getByTestId('compare-table') },
  { path: '/backtests/volatility?ids=1-2', heading: 'Volatility report', ready: (p) => p.getByTestId('vol-overall') },
  { path: '/robustness', heading: 'Robustness' },
  { path: '/paper', heading: 'Paper trading' },
  { path: '/bot-performance', heading: 'Bot performance' },
  { path: '/analysis', heading: 'Analysis' },
  { path: '/settings', heading: 'Settings', ready: (p) => p.getByTestId('storage-usage') },
  { path: '/no/such/page', heading: 'Page not found' },
];

/** Opens `route` and waits until it shows its data. */
export async function openRoute(page: Page, route: AppRoute): Promise<void> {
  await page.goto(route.path);
  await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
  if (route.ready) await expect(route.ready(page).first()).toBeVisible({ timeout: 30_000 });
}

/** Loads the demo market and runs two backtests on it (CALM/USDT and WILD/USDT 1h, BALANCED): #1 and #2. */
export async function loadDemoWithBacktests(page: Page): Promise<void> {
  await loadDemoMarket(page);
  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');
  await form.locator('[data-series-option="demo:CALM/USDT"] input').check();
  await form.locator('[data-series-option="demo:WILD/USDT"] input').check();
  await form.getByRole('button', { name: 'Run 2 backtests' }).click();
  await expect(page.locator('tr[data-job-seq][data-status="COMPLETED"]')).toHaveCount(2, { timeout: 120_000 });
}
