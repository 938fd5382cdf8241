import { test, expect, loadDemoMarket } from './fixtures';
import { count, H, pauseAndSettle, startClock } from './demo-clock';

/**
 * The live signal stream on the demo market. The page clock (Playwright's `clock`, installed on
 * the whole context, so every tab shares it) drives the demo clock: `fastForward` moves real time,
 * and at ×600 one real minute is ten market hours.
 */

// Each test loads the demo market (up to a minute on a loaded machine) before it starts.
test.describe.configure({ timeout: 300_000 });

test('the demo clock at ×600 streams signals with their reasons; filters, pages and links to the chart', async ({ page, context }) => {
  await context.clock.install();
  await loadDemoMarket(page);
  await page.goto('/signals');
  await expect(page.getByTestId('live-role')).toHaveText('This tab runs the live work');
  await expect(page.getByTestId('live-source')).toHaveText('Demo clock');
  await expect(page.getByTestId('live-preset')).toHaveText('BALANCED');
  await expect(page.getByTestId('watching')).toContainText('Watching 6 series');
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  await expect(page.getByTestId('market-time')).toHaveText(/^01 Jan 2025,? 00:00 UTC$/);
  await expect(page.getByTestId('empty-state')).toContainText('press Play on the demo clock');

  await startClock(page);
  // 20 minutes of real time: 200 market hours.
  await context.clock.fastForward('20:00');
  await pauseAndSettle(page);
  const counts = page.getByTestId('signal-counts');
  const total = count(await counts.locator('strong').textContent());
  expect(total).toBeGreaterThan(25);
  const [bull, bear] = (await counts.textContent())!.match(/▲ ([\d,]+) bullish · ▼ ([\d,]+) bearish/)!.slice(1).map(count);
  expect(bull + bear).toBe(total);

  // Newest first, one page of 25.
  const rows = page.locator('tr.signal-row');
  await expect(rows).toHaveCount(25);
  const times = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-signal')!.split(':').pop()!).map(Number));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  await expect(page.getByTestId('signal-page')).toHaveText(`Page 1 of ${Math.ceil(total / 25)}`);

  // A signal's detail: its levels and every reason with value, threshold and pass/fail.
  await rows.first().click();
  const detail = page.getByTestId('signal-detail');
  await expect(detail).toBeVisible();
  const reasons = detail.getByTestId('signal-reasons').locator('tbody tr');
  expect(await reasons.count()).toBeGreaterThanOrEqual(5);
  await expect(reasons.first().locator('td')).toHaveCount(4);
  await expect(reasons.filter({ hasText: '✓ pass' }).first()).toBeVisible();
  await expect(detail).toContainText('Entry reference');
  const id = (await rows.first().getAttribute('data-signal'))!;
  const [, symbol, tf, time] = id.split(':');
  const href = await detail.getByTestId('chart-link').getAttribute('href');
  expect(href).toBe(`/chart?exchange=demo&symbol=${encodeURIComponent(symbol)}&timeframe=${tf}&time=${time}`);

  // Paging.
  const firstId = id;
  await page.getByRole('button', { name: 'Older →' }).click();
  await expect(page.getByTestId('signal-page')).toHaveText(`Page 2 of ${Math.ceil(total / 25)}`);
  await expect(rows.first()).not.toHaveAttribute('data-signal', firstId);
  const pageTwo = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-signal')));
  expect(pageTwo).not.toContain(firstId);
  await page.getByRole('button', { name: '← Newer' }).click();
  await expect(rows.first()).toHaveAttribute('data-signal', firstId);

  // Filters: direction, then symbol; the counts follow.
  await page.getByTestId('filter-direction').selectOption('LONG');
  await expect(counts).toContainText(`${bull.toLocaleString('en-US')} signals match`);
  await expect(counts).toContainText('▼ 0 bearish');
  await expect(rows.filter({ hasText: '▼ SHORT' })).toHaveCount(0);
  // The filtered page arrives from the data worker: wait for it, then nothing else may be shown.
  await page.getByTestId('filter-symbol').selectOption('WILD/USDT');
  await expect(rows.locator('td[data-label="Symbol"]').filter({ hasNotText: 'WILD/USDT' })).toHaveCount(0);
  await expect(rows.first().locator('td[data-label="Symbol"]')).toContainText('WILD/USDT');
  await page.getByTestId('filter-direction').selectOption('');
  await page.getByTestId('filter-status').selectOption('EXPIRED');
  await expect(rows.locator('td[data-label="Status"]').filter({ hasNotText: /^EXPIRED$/ })).toHaveCount(0);
  await expect(rows.first().locator('td[data-label="Status"]')).toHaveText('EXPIRED');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(counts.locator('strong')).toHaveText(total.toLocaleString('en-US'));
});

test('two tabs: one leads, the other shows the same stream live and takes over when the leader closes', async ({ context }) => {
  await context.clock.install();
  const a = await context.newPage();
  await loadDemoMarket(a);
  await a.goto('/signals');
  await expect(a.getByTestId('live-role')).toHaveText('This tab runs the live work');
  const b = await context.newPage();
  await b.goto('/signals');
  await expect(b.getByTestId('live-role')).toHaveText('Another tab runs the live work');

  // The follower's controls work: they change the shared clock, which the leader runs.
  await startClock(b);
  await expect(a.getByTestId('clock-state')).toHaveText('running at ×600');
  await context.clock.fastForward('05:00');
  await pauseAndSettle(a);
  const total = await a.getByTestId('signal-counts').locator('strong').textContent();
  expect(count(total)).toBeGreaterThan(0);
  await expect(b.getByTestId('signal-counts').locator('strong')).toHaveText(total!);
  await expect(b.getByTestId('last-step')).toHaveAttribute('data-close-time', (await a.getByTestId('last-step').getAttribute('data-close-time'))!);

  // The leader closes: the other tab leads and carries on.
  await a.close();
  await expect(b.getByTestId('live-role')).toHaveText('This tab runs the live work');
  await b.getByRole('button', { name: 'Play' }).click();
  await context.clock.fastForward('05:00');
  await pauseAndSettle(b);
  expect(count(await b.getByTestId('signal-counts').locator('strong').textContent())).toBeGreaterThan(count(total));
});

test('reopening after the clock ran with no tab open catches up on the missed candles', async ({ context }) => {
  await context.clock.install();
  const page = await context.newPage();
  await loadDemoMarket(page);
  await page.goto('/signals');
  await startClock(page);
  await context.clock.fastForward('01:00');
  await pauseAndSettle(page);
  const closedAt = Number(await page.getByTestId('last-step').getAttribute('data-close-time'));
  await startClock(page);
  await page.close();

  // Five minutes with no tab: 50 market hours.
  await context.clock.fastForward('05:00');
  const again = await context.newPage();
  await again.goto('/signals');
  await expect(again.getByTestId('live-role')).toHaveText('This tab runs the live work');
  const notice = again.getByTestId('caught-up');
  await expect(notice).toBeVisible({ timeout: 150_000 });
  const caught = count((await notice.textContent())!.match(/Caught up ([\d,]+) candles/)![1]);
  // Every watched symbol's 1h candles from the last processed close on, at least the 50 hours away.
  expect(caught).toBeGreaterThanOrEqual(6 * 50);
  expect(caught % 6).toBe(0);
  await pauseAndSettle(again);
  expect(Number(await again.getByTestId('last-step').getAttribute('data-close-time'))).toBeGreaterThanOrEqual(closedAt + 50 * H);
});
