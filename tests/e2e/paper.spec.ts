import AxeBuilder from '@axe-core/playwright';
import { test, expect, loadDemoMarket } from './fixtures';
import { count, pauseAndSettle, startClock } from './demo-clock';

/**
 * Paper trading on the demo market: an account, the bot on the live stream (the demo clock at
 * ×600 driven by Playwright's page clock: one real minute is ten market hours), decisions and
 * trades, catch-up after the page was closed, reset, and the session CSV. Assertions wait for the
 * state the work ends in, never for time.
 */

// Loads the demo market, then runs the clock for 150 market hours with a tab closed in between: minutes on a loaded machine.
test.describe.configure({ timeout: 480_000 });

test('an account trades the demo market with the bot; decisions and trades appear; catch-up on reopen; reset; session CSV', async ({ page, context }) => {
  await context.clock.install();
  await loadDemoMarket(page);
  await page.goto('/paper');
  await expect(page.getByTestId('live-role')).toHaveText('This tab runs the live work');

  // A bad balance is refused naming the field and the value; nothing is stored.
  await page.getByTestId('account-new').click();
  await page.getByTestId('acc-name').fill('Demo trader');
  await page.getByTestId('acc-initialBalance').fill('50');
  await page.getByTestId('account-save').click();
  await expect(page.getByTestId('account-error')).toContainText('initialBalance');
  await expect(page.getByTestId('account-error')).toContainText('50');
  await expect(page.getByTestId('account-select')).toHaveCount(0);

  await page.getByTestId('acc-initialBalance').fill('20000');
  await page.getByTestId('acc-minConfidence').fill('0');
  await page.getByTestId('account-save').click();
  await expect(page.getByTestId('stat-balance')).toHaveText('20,000.00');
  await expect(page.getByTestId('stat-equity')).toHaveText('20,000.00');

  await page.getByTestId('bot-start').click();
  await expect(page.getByTestId('bot-status')).toHaveText('running');

  await startClock(page);
  await context.clock.fastForward('10:00');
  await pauseAndSettle(page);
  await expect.poll(async () => count(await page.getByTestId('decision-count').textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('trade-history').getByTestId('trade-row').first()).toBeVisible({ timeout: 60_000 });
  const decisions = count(await page.getByTestId('decision-count').textContent());
  // Money on screen: two decimals with separators.
  await expect(page.getByTestId('stat-equity')).toHaveText(/^-?[\d,]+\.\d\d$/);
  // The full dashboard passes axe.
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);

  // A bot trade opens on the Chart page: its session's trades drawn, this one selected at its signal bar.
  const tradeLink = page.getByTestId('trade-history').getByTestId('trade-chart-link').first();
  const tradeHref = (await tradeLink.getAttribute('href'))!;
  expect(tradeHref).toMatch(/^\/chart\?symbol=[^&]+&timeframe=1h&time=\d+&session=[^&]+$/);
  const chart = await context.newPage();
  await chart.goto(tradeHref);
  await expect(chart.getByTestId('trade-source')).toContainText('Paper session');
  await expect(chart.getByTestId('selected-chart-trade')).toBeVisible({ timeout: 60_000 });
  await expect(chart.getByTestId('trade-strip')).not.toHaveAttribute('data-selected', '');
  await expect(chart.getByTestId('candle-chart')).not.toHaveAttribute('data-trade-markers', '0');
  await chart.close();

  // Closed mid-run: the clock keeps going with no tab; the reopened page catches up.
  await startClock(page);
  await page.close();
  await context.clock.fastForward('05:00');
  const again = await context.newPage();
  await again.goto('/paper');
  await expect(again.getByTestId('caught-up')).toBeVisible({ timeout: 150_000 });
  expect(count((await again.getByTestId('caught-up').textContent())!.match(/Caught up ([\d,]+) candles/)![1])).toBeGreaterThanOrEqual(6 * 50);
  await pauseAndSettle(again);
  await expect.poll(async () => count(await again.getByTestId('decision-count').textContent()), { timeout: 60_000 }).toBeGreaterThan(decisions);

  // The decision stream's next page, read by key from where the first one ended.
  const pager = again.getByTestId('decision-pager');
  const top = (await again.getByTestId('decisions').locator('tbody tr').first().textContent())!;
  await pager.getByRole('button', { name: 'Next' }).click();
  await expect(pager).toContainText(/26–\d+ of [\d,]+ decisions/);
  await expect(pager).toContainText('Page 2 of');
  await expect(again.getByTestId('decisions').locator('tbody tr').first()).not.toHaveText(top);
  await pager.getByRole('button', { name: 'Previous' }).click();
  await expect(pager).toContainText(/1–25 of [\d,]+ decisions/);

  // A second tab follows: the same ledger, updated live by the leader's writes.
  const other = await context.newPage();
  await other.goto('/paper');
  await expect(other.getByTestId('live-role')).not.toHaveText('This tab runs the live work');
  await expect(other.getByTestId('stat-balance')).toHaveText((await again.getByTestId('stat-balance').textContent())!);

  // Reset: positions closed, the running session stopped and a new one started, balance as asked.
  await again.getByTestId('reset-balance').fill('5000');
  await again.getByTestId('account-reset').click();
  await expect(again.getByTestId('stat-balance')).toHaveText('5,000.00');
  await expect(other.getByTestId('stat-balance')).toHaveText('5,000.00');
  await expect(again.getByTestId('no-positions')).toBeVisible();
  await expect(again.getByTestId('session-row')).toHaveCount(2);
  const stopped = again.getByTestId('session-row').filter({ hasText: 'account reset' });
  await expect(stopped).toHaveCount(1);
  await expect(again.getByTestId('session-row').first()).toContainText('running');

  // The portfolio's closed side: per symbol, formatted; the reset closed every position.
  const closedRows = again.getByTestId('closed-positions').getByTestId('closed-position');
  await expect(closedRows.first()).toBeVisible();
  await expect(closedRows.first().locator('td[data-label="Realised P&L"]')).toHaveText(/^-?[\d,]+\.\d\d$/);
  await expect(closedRows.first().locator('td[data-label="Last closed"]')).toHaveText(/^\d\d \w{3} \d{4} \d\d:\d\d UTC$/);

  // The trade history's CSV: the core writer's header and one row per trade listed.
  const listed = count((await again.getByTestId('trade-pager').textContent())!.match(/of ([\d,]+) trades/)![1]);
  const [tradesFile] = await Promise.all([again.waitForEvent('download'), again.getByTestId('trades-csv').click()]);
  const tradesText = await (await tradesFile.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const lines = tradesText.trimEnd().split('\n');
  expect(lines[0]).toBe('id,symbol,direction,mode,status,signalTime,entryTime,entryPrice,quantity,positionSize,stopPrice,targetPrice,exitTime,exitPrice,exitReason,fees,profitLoss,profitLossPct,confidence');
  expect(lines).toHaveLength(listed + 1);

  // The stopped session's CSV has its five sections.
  const [download] = await Promise.all([again.waitForEvent('download'), stopped.getByRole('button', { name: /CSV/ }).click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  for (const s of ['Overview', 'Performance', 'Trade statistics', 'Configuration', 'Trades']) expect(text).toContain(s);

  // Compare the two sessions: curves overlaid, metrics side by side.
  for (const box of await again.getByTestId('session-row').getByRole('checkbox').all()) await box.check();
  const compare = again.getByTestId('session-compare');
  await expect(compare.locator('svg[role="img"]')).toHaveCount(1);
  await expect(compare.getByRole('heading', { name: 'Compare: equity' })).toBeVisible();
  await expect(compare.getByTestId('session-equity')).toHaveAttribute('aria-label', /^Equity of /);
  await expect(compare.getByTestId('session-equity').locator('polyline')).toHaveCount(2);
  await expect(compare.getByTestId('session-equity-axis')).toContainText(/[\d,]+\.\d\d to [\d,]+\.\d\d/);
  await expect(compare.locator('thead th')).toHaveCount(3);
  await expect(compare.locator('tbody tr').first()).toContainText(/P&L.*\d\.\d\d/);

  // A manual trade larger than the free cash is refused; the balance is unchanged.
  await again.getByTestId('manual-amount').fill('999999');
  await again.getByTestId('manual-long').click();
  await expect(again.getByTestId('manual-error')).toBeVisible();
  await expect(again.getByTestId('stat-balance')).toHaveText('5,000.00');

  // Bot performance: the SYSTEM trades, and a snapshot file that shows the same numbers on its own.
  await again.getByRole('link', { name: 'Bot performance' }).first().click();
  await expect(again.getByTestId('sys-trades')).not.toHaveText('0');
  const trades = await again.getByTestId('sys-trades').textContent();
  const total = await again.getByTestId('sys-total-pnl').textContent();
  const [html] = await Promise.all([again.waitForEvent('download'), again.getByTestId('share-html').click()]);
  const file = await (await html.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const fresh = await context.browser()!.newContext({ offline: true });
  const view = await fresh.newPage();
  await view.setContent(file);
  await expect(view.locator('[data-stat="trades"]')).toHaveText(trades!);
  await expect(view.locator('[data-stat="totalPnl"]')).toHaveText(total!);
  await expect(view.locator('svg polyline')).toHaveCount(1);
  await fresh.close();
});

test('two tabs: one runs the bot, the other shows the same ledger live and takes over when the leader closes', async ({ context }) => {
  await context.clock.install();
  const a = await context.newPage();
  await loadDemoMarket(a);
  await a.goto('/paper');
  await expect(a.getByTestId('live-role')).toHaveText('This tab runs the live work');
  await a.getByTestId('account-new').click();
  await a.getByTestId('acc-name').fill('Two tabs');
  await a.getByTestId('acc-minConfidence').fill('0');
  await a.getByTestId('account-save').click();
  await expect(a.getByTestId('stat-balance')).toHaveText('10,000.00');
  await a.getByTestId('bot-start').click();
  await expect(a.getByTestId('bot-status')).toHaveText('running');

  const b = await context.newPage();
  await b.goto('/paper');
  await expect(b.getByTestId('live-role')).toHaveText('Another tab runs the live work');
  await expect(b.getByTestId('bot-status')).toHaveText('running');

  // Thirty market hours run by the leader: the follower shows the same decisions, balance and market time.
  await startClock(a);
  await context.clock.fastForward('03:00');
  await pauseAndSettle(a);
  const same = async (id: string) => {
    const [x, y] = await Promise.all([a.getByTestId(id).textContent(), b.getByTestId(id).textContent()]);
    return x === y ? x : null;
  };
  await expect.poll(async () => count(await same('decision-count')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(() => same('stat-balance'), { timeout: 60_000 }).not.toBeNull();
  await expect.poll(() => same('paper-market-time'), { timeout: 60_000 }).not.toBeNull();
  const decisions = count(await b.getByTestId('decision-count').textContent());
  const marketTime = await b.getByTestId('paper-market-time').textContent();

  // The leader closes: the follower takes the lead and its bot carries on from the same ledger.
  await a.close();
  await expect(b.getByTestId('live-role')).toHaveText('This tab runs the live work');
  await expect(b.getByTestId('bot-status')).toHaveText('running');
  await startClock(b);
  await context.clock.fastForward('03:00');
  await pauseAndSettle(b);
  await expect.poll(async () => count(await b.getByTestId('decision-count').textContent()), { timeout: 60_000 }).toBeGreaterThan(decisions);
  await expect(b.getByTestId('paper-market-time')).not.toHaveText(marketTime!);
});
