import { sharedDataPath } from '../support/shared-data';
import { test, expect } from './fixtures';

test('scratch look', async ({ page }) => {
  await page.goto('/markets/import');
  for (const s of ['BTCUSDT', 'SOLUSDT']) {
    await page.getByTestId('import-file-input').setInputFiles(sharedDataPath(`binance_${s}_1h.csv`));
    await expect(page.getByTestId('import-report').getByTestId('import-series')).toHaveText(`${s.replace('USDT', '/USDT')} 1h`, { timeout: 60_000 });
  }
  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');
  for (const s of ['BTC', 'SOL']) await form.locator(`[data-series-option="binance:${s}/USDT"] input`).check();
  await form.getByRole('checkbox', { name: 'Try several values of Stop (× ATR)' }).check();
  await form.getByRole('textbox', { name: 'Values of Stop (× ATR)', exact: true }).fill('1.5 2 2.5 3 0');
  await page.screenshot({ path: '/tmp/btq/invalid.png', fullPage: false, clip: { x: 0, y: 250, width: 1280, height: 500 } });
  await form.getByRole('textbox', { name: 'Values of Stop (× ATR)', exact: true }).fill('1.5 2 2.5 3');
  await form.getByRole('button', { name: 'Run 8 backtests' }).click();
  await expect(page.getByTestId('queue-counts')).toContainText('Running 2');
  await page.getByTestId('queue-monitor').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/btq/running.png' });
  await expect(page.getByTestId('queue-counts')).toContainText('Completed 8/8', { timeout: 60_000 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('job-list').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/btq/dark-list.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: '/tmp/btq/phone.png', fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log('scrollWidth', overflow);
  const wide = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 392 && !e.closest('.table-wrap')).slice(0, 15).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
  console.log(wide.join('\n'));
});

test('scratch overflow', async ({ page }) => {
  await page.goto('/markets/import');
  await page.getByTestId('import-file-input').setInputFiles(sharedDataPath(`binance_BTCUSDT_1h.csv`));
  await expect(page.getByTestId('import-report').getByTestId('import-series')).toHaveText(`BTC/USDT 1h`, { timeout: 60_000 });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/backtests');
  await expect(page.getByTestId('backtest-form')).toBeVisible();
  console.log('sw', await page.evaluate(() => document.documentElement.scrollWidth));
  const wide = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 392).slice(0, 15).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
  console.log(wide.join('\n'));
});
