import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** Stores a RUNNING bot session using `preset` straight into the page's IndexedDB (the paper bot's record). */
async function startBotSession(page: Page, preset: string): Promise<void> {
  await page.evaluate(
    (presetId) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction('botSessions', 'readwrite');
          tx.objectStore('botSessions').put({
            id: 'ses_e2e',
            name: 'Night run',
            account: 'acc_e2e',
            exchange: 'demo',
            strategy: 'SIGNAL_ENGINE',
            preset: presetId,
            config: {},
            symbols: ['WILD/USDT'],
            timeframe: '1h',
            status: 'RUNNING',
            startedAt: Date.now(),
            stoppedAt: null,
            runtimeLimitMs: null,
            startingBalance: '10000',
            endingBalance: null,
            stopReason: null,
          });
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    preset,
  );
}

test('presets: edit one and see the change log field by field; save as new, activate, and refusals', async ({ page }) => {
  await page.goto('/settings');
  const card = page.getByTestId('presets-settings');
  const list = card.getByRole('list', { name: 'Presets' });
  await expect(list.getByRole('button')).toHaveCount(6);
  await expect(list.locator('[data-preset="BALANCED"]')).toContainText('active');
  await expect(card.getByTestId('preset-active')).toBeVisible();
  await expect(card.getByText('No change saved yet.')).toBeVisible();

  // The form is generated from the signal engine's schema.
  const stop = card.getByLabel(/^Stop \(× ATR\)/);
  await expect(stop).toHaveValue('1.5');
  await expect(card.getByLabel(/^Pattern filter/)).toHaveValue('none');
  await expect(card.getByLabel(/^EMA trend filter/)).toBeChecked();

  // A value outside the schema is refused, naming the field and the value; nothing is logged.
  await stop.fill('0');
  await expect(card.getByRole('alert').first()).toContainText('sl_atr_multiplier: 0 is out of range');
  await card.getByRole('button', { name: 'Save changes' }).click();
  await expect(card.getByTestId('preset-message')).toContainText('sl_atr_multiplier: 0 is out of range');
  await expect(card.getByText('No change saved yet.')).toBeVisible();

  // Two fields changed: two entries, each "field from → to" with its time.
  await stop.fill('2');
  await card.getByLabel(/^ADX threshold/).fill('25');
  await card.getByRole('button', { name: 'Save changes' }).click();
  await expect(card.getByTestId('preset-message')).toHaveText('Saved BALANCED.');
  const log = card.getByTestId('change-log').locator('li');
  await expect(log).toHaveCount(2);
  await expect(log.filter({ hasText: 'sl_atr_multiplier' })).toContainText(/sl_atr_multiplier 1\.5 → 2\.0$/);
  await expect(log.filter({ hasText: 'adx_threshold' })).toContainText(/adx_threshold 20\.0 → 25\.0$/);
  await expect(log.first()).toContainText(/\d{2} \w{3} \d{4},? \d{2}:\d{2} UTC/);

  // Save as new: a copy with its own (empty) log; activating it moves the active flag, logged on both.
  await card.getByLabel('Name of the copy').fill('Balanced wide');
  await card.getByRole('button', { name: 'Save as new' }).click();
  await expect(list.getByRole('button')).toHaveCount(7);
  await expect(card.getByTestId('preset-name')).toHaveValue('Balanced wide');
  await expect(stop).toHaveValue('2');
  await card.getByRole('button', { name: 'Activate' }).click();
  await expect(list.locator('[data-preset="Balanced wide"]')).toContainText('active');
  await expect(card.getByTestId('change-log').locator('li')).toHaveCount(1);
  await expect(card.getByTestId('change-log')).toContainText('active false → true');
  await list.locator('[data-preset="BALANCED"]').click();
  await expect(card.getByTestId('change-log').locator('li')).toHaveCount(3);
  await expect(card.getByTestId('change-log').locator('li').first()).toContainText('active true → false');

  // The Signals page runs the active preset.
  await page.goto('/signals');
  await expect(page.getByTestId('live-preset')).toHaveText('Balanced wide');

  // While a bot session runs with a preset, it cannot be edited or deleted.
  await page.goto('/settings');
  const presetId = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const get = req.result.transaction('presets').objectStore('presets').getAll();
          get.onsuccess = () => {
            req.result.close();
            resolve((get.result as Array<{ id: string; name: string }>).find((p) => p.name === 'Balanced wide')!.id);
          };
        };
      }),
  );
  await startBotSession(page, presetId);
  await expect(card.getByTestId('preset-name')).toHaveValue('Balanced wide');
  await card.getByLabel(/^Target \(× ATR\)/).fill('5');
  await card.getByRole('button', { name: 'Save changes' }).click();
  await expect(card.getByTestId('preset-message')).toContainText('bot session "Night run" (ses_e2e) is running with it; stop the session before changing the preset');
  await expect(card.getByTestId('change-log').locator('li')).toHaveCount(1);

  // The log survives a reload.
  await page.reload();
  await list.locator('[data-preset="BALANCED"]').click();
  await expect(card.getByTestId('change-log').locator('li')).toHaveCount(3);
});
