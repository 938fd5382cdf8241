import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { demoPaperSession } from '../support/demo-paper';
import { sharedDataPath } from '../support/shared-data';
import { digestDatabase, expect, putRecords, test } from './fixtures';

/** A stored history: real BTC daily candles imported from a file, and a paper session's records. */
async function storeHistory(page: Page): Promise<void> {
  await page.goto('/markets/import');
  await page.getByTestId('import-file-input').setInputFiles(sharedDataPath('binance_BTCUSDT_1d.csv'));
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  const s = demoPaperSession({ symbols: ['TREND/USDT'], days: 10 });
  await putRecords(page, {
    paperAccounts: [s.account],
    botSessions: [s.session],
    paperTrades: [...s.trades, ...s.systemTrades],
    signals: s.signals,
  });
  // Settings stores the starter presets on first use: every digest below is taken once they are stored.
  await page.goto('/settings');
  await expect(page.getByTestId('presets-settings').getByTestId('preset-active')).toBeVisible({ timeout: 30_000 });
}

async function backUp(page: Page): Promise<string> {
  await page.goto('/settings');
  const card = page.getByTestId('backup-card');
  await expect(card.getByTestId('backup-candles')).toBeChecked();
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('backup-button').click()]);
  await expect(card.getByTestId('backup-done')).toContainText('candles included', { timeout: 60_000 });
  const path = await download.path();
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  return path;
}

function cleanupCount(page: Page, kind: string) {
  return page.getByTestId('cleanup-card').getByTestId(`cleanup-count-${kind}`);
}

test('backup → restore into a fresh browser profile gives every table back record by record', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await storeHistory(page);
  const file = await backUp(page);
  const before = await digestDatabase(page);
  expect(before.candleChunks.count).toBeGreaterThan(0);
  expect(before.paperTrades.count).toBeGreaterThan(0);
  expect(before.presets.count).toBeGreaterThan(0);

  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto('/settings');
    await other.getByTestId('restore-input').setInputFiles(file);
    const ask = other.getByTestId('restore-ask');
    const done = other.getByTestId('restore-done');
    await expect(ask.or(done)).toBeVisible({ timeout: 60_000 });
    if (await ask.isVisible()) await ask.getByRole('button', { name: 'Replace' }).click();
    await expect(done).toContainText('Restored', { timeout: 60_000 });
    const after = await digestDatabase(other);
    expect(after).toEqual(before);

    await other.goto('/analysis');
    await expect(other.getByTestId('analysis-source')).toHaveValue('account:acc_demo_e2e');
    await expect(other.getByTestId('trade-analysis')).toBeVisible({ timeout: 60_000 });
  } finally {
    await fresh.close();
  }
});

test('restore: a file of another app is refused and a non-empty database asks replace or merge before writing', async ({ page }) => {
  test.setTimeout(180_000);
  await storeHistory(page);
  const file = await backUp(page);
  const before = await digestDatabase(page);
  const card = page.getByTestId('backup-card');

  await card.getByTestId('restore-input').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ formatName: 'dexie', data: { databaseName: 'someone-else', databaseVersion: 1, tables: [], data: [] } })) });
  await expect(card.getByTestId('restore-refused')).toContainText('not of Candlelab', { timeout: 30_000 });
  expect(await digestDatabase(page)).toEqual(before);

  const raised = JSON.parse(readFileSync(file, 'utf8')) as { data: { databaseVersion: number } };
  raised.data.databaseVersion += 100;
  await card.getByTestId('restore-input').setInputFiles({ name: 'newer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(raised)) });
  await expect(card.getByTestId('restore-refused')).toContainText('newer Candlelab', { timeout: 30_000 });
  expect(await digestDatabase(page)).toEqual(before);

  await card.getByTestId('restore-input').setInputFiles(file);
  const ask = card.getByTestId('restore-ask');
  await expect(ask).toContainText('Nothing has been written yet', { timeout: 30_000 });
  await ask.getByRole('button', { name: 'Merge' }).click();
  await expect(card.getByTestId('restore-done')).toContainText('merged', { timeout: 60_000 });
  expect(await digestDatabase(page)).toEqual(before);
});

test('cleanup: a wrong confirmation deletes nothing, a running bot refuses it, and a cleanup keeping accounts leaves exactly the accounts', async ({ page }) => {
  test.setTimeout(180_000);
  await storeHistory(page);
  await page.goto('/settings');
  const card = page.getByTestId('cleanup-card');
  const before = await digestDatabase(page);
  await expect(cleanupCount(page, 'paperTrades')).toHaveText(`(${before.paperTrades.count.toLocaleString('en-US')})`, { timeout: 30_000 });
  await expect(cleanupCount(page, 'paperAccounts')).toHaveText('(1)');

  const everythingButAccounts = ['signals', 'paperTrades', 'decisions', 'sessions', 'backtests', 'robustness', 'candles'];
  for (const k of everythingButAccounts) await card.locator(`label[data-kind="${k}"] input`).check();
  await expect(card.locator('label[data-kind="paperAccounts"] input')).not.toBeChecked();

  await card.getByTestId('cleanup-confirm').fill('yes');
  await card.getByTestId('cleanup-button').click();
  await expect(card.getByTestId('cleanup-error')).toContainText('YES');
  expect(await digestDatabase(page)).toEqual(before);

  const running: Record<string, unknown> = { ...demoPaperSession({ symbols: ['TREND/USDT'], days: 10 }).session, id: 'ses_running', status: 'RUNNING', stoppedAt: null, stopReason: null };
  await putRecords(page, { botSessions: [running] });
  const withRunning = await digestDatabase(page);
  await card.getByTestId('cleanup-confirm').fill('YES');
  await card.getByTestId('cleanup-button').click();
  await expect(card.getByTestId('cleanup-error')).toContainText('running');
  expect(await digestDatabase(page)).toEqual(withRunning);

  await putRecords(page, { botSessions: [{ ...running, status: 'STOPPED', stoppedAt: running.startedAt, stopReason: 'stopped by the user' }] });
  await card.getByTestId('cleanup-confirm').fill('YES');
  await card.getByTestId('cleanup-button').click();
  const done = card.getByTestId('cleanup-done');
  await expect(done).toBeVisible({ timeout: 60_000 });
  await expect(done.locator('tr[data-kind="paperAccounts"] td').last()).toHaveText('1');
  for (const k of everythingButAccounts) await expect(done.locator(`tr[data-kind="${k}"] td`).last()).toHaveText('0');

  const after = await digestDatabase(page);
  expect(after.paperAccounts).toEqual(before.paperAccounts);
  for (const t of ['signals', 'paperTrades', 'decisions', 'botSessions', 'candleSeries', 'candleChunks', 'backtestJobs', 'backtestResults']) {
    expect(after[t]?.count, t).toBe(0);
  }
});
