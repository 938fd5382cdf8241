import { readFileSync } from 'node:fs';
import { demoPaperSession } from '../support/demo-paper';
import { expect, loadDemoMarket, putRecords, test } from './fixtures';

/**
 * Analysis as a new user meets it after a paper session on the demo market: the demo candles come
 * from the app's "Load demo market", the session's records (account, trades, SYSTEM trades,
 * signals) are the backtester's trades on the same candles, put into IndexedDB as the bot stores them.
 */
test('after a paper session: the diagnosis names a parameter change, the plan links to the optimiser, the dashboard shows 30 days and exports them', async ({ page }) => {
  test.setTimeout(240_000);
  const session = demoPaperSession({ symbols: ['TREND/USDT', 'WILD/USDT'], days: 45 });
  await loadDemoMarket(page);
  await putRecords(page, {
    paperAccounts: [session.account],
    botSessions: [session.session],
    paperTrades: [...session.trades, ...session.systemTrades],
    signals: session.signals,
  });

  await page.goto('/analysis');
  const source = page.getByTestId('analysis-source');
  await expect(source).toHaveValue('account:acc_demo_e2e');
  await expect(source.locator('option')).toHaveText(['Paper account: Demo scalper', 'SYSTEM trades (every signal, 100 each)']);

  // Trade analysis: counts of the account's trades, and a stop/target problem with a concrete change.
  const trades = page.getByTestId('trade-analysis');
  await expect(trades).toBeVisible({ timeout: 60_000 });
  const closed = session.trades.filter((t) => t.status === 'CLOSED').length;
  await expect(trades.getByTestId('count-closed')).toContainText(closed.toLocaleString('en-US'));
  const problems = trades.locator('[data-testid="finding"][data-status="fired"]');
  await expect(problems.first()).toBeVisible();
  const advice = await problems.getByTestId('recommendation').allTextContents();
  expect(advice.some((t) => /(sl|tp)_atr_multiplier|stop|target/i.test(t) && /\d(\.\d+)?\s*–\s*\d/.test(t)), advice.join('\n')).toBe(true);

  // The status filter: CLOSED keeps only closed trades in the sample.
  await page.getByTestId('analysis-filters').getByLabel('Status').selectOption('CLOSED');
  await expect(trades.getByTestId('sample-size')).toContainText(`of ${closed.toLocaleString('en-US')}`, { timeout: 60_000 });
  await expect(trades.getByTestId('sample-table').locator('tbody tr').first()).toBeVisible();

  // Performance: the action plan's first step opens the optimiser.
  await page.getByRole('link', { name: 'Performance', exact: true }).click();
  const perf = page.getByTestId('performance-analysis');
  await expect(perf).toBeVisible({ timeout: 60_000 });
  const plan = perf.getByTestId('action-plan');
  const optimiser = plan.locator('li[data-tool="optimiser"]').getByRole('link');
  await expect(optimiser).toHaveAttribute('href', '/robustness?tool=optimisation');
  await expect(perf.getByTestId('recommendations')).toBeVisible();
  await expect(perf.getByTestId('last-closed').locator('tbody tr')).toHaveCount(Math.min(20, closed));

  // Dashboard: the last 30 days up to the latest trade, charted, and its trades as CSV.
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  const dash = page.getByTestId('dashboard');
  await expect(dash).toBeVisible({ timeout: 60_000 });
  await expect(dash.getByTestId('dashboard-range')).toContainText('30 days');
  await expect(dash.getByTestId('daily-pnl-chart').locator('canvas').first()).toBeVisible();
  const rangeText = (await dash.getByTestId('dashboard-range').textContent()) ?? '';
  const shown = Number(/·\s*([\d,]+)\s*trades/.exec(rangeText)?.[1].replace(/,/g, ''));
  expect(shown).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent('download'), dash.getByRole('button', { name: 'Export trades CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/symbol/i);
  expect(lines.length - 1).toBe(shown);

  // The optimiser link lands on the Robustness page (no backtest yet: it says what to do first).
  await page.getByRole('link', { name: 'Performance', exact: true }).click();
  await page.getByTestId('action-plan').locator('li[data-tool="optimiser"]').getByRole('link').click();
  await expect(page).toHaveURL(/\/robustness\?tool=optimisation/);
  await expect(page.getByTestId('robustness-no-source')).toBeVisible();
});
