import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * The demo market's live clock as the Signals and Paper pages drive it. The page clock
 * (Playwright's `clock`, installed on the whole context) moves real time: at ×600 one real
 * minute is ten market hours.
 */

export const H = 3_600_000;

/** Pauses the demo clock and waits until the leader processed every 1h candle closed by then. */
export async function pauseAndSettle(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  const at = Number(await page.getByTestId('market-time').getAttribute('data-time'));
  await expect(page.getByTestId('last-step')).toHaveAttribute('data-close-time', String(Math.floor(at / H) * H), { timeout: 150_000 });
  await expect(page.getByTestId('live-panel')).toHaveAttribute('data-busy', 'false');
}

/** Sets the demo clock to ×600 and plays it. */
export async function startClock(page: Page): Promise<void> {
  const speed = page.getByRole('group', { name: 'Demo clock speed' }).getByRole('button', { name: '×600' });
  await speed.click();
  await expect(speed).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('clock-state')).toHaveText('running at ×600');
}

/** The number in a text such as "1,234 decisions". */
export const count = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''));
