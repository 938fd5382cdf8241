import { test, expect } from './fixtures';

const ROUTES = [
  ['/', 'Welcome to Candlelab'],
  ['/markets', 'Markets & Data'],
  ['/chart', 'Chart'],
  ['/signals', 'Signals'],
  ['/backtests', 'Backtests'],
  ['/robustness', 'Robustness'],
  ['/paper', 'Paper trading'],
  ['/bot-performance', 'Bot performance'],
  ['/analysis', 'Analysis'],
  ['/settings', 'Settings'],
] as const;

test('every route renders its page with no console error', async ({ page, errors }) => {
  for (const [path, title] of ROUTES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('every section is reachable from the navigation and empty sections say what to do first', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const [path, title] of ROUTES.slice(1)) {
    await nav.getByRole('link', { name: title }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    if (!['/markets', '/settings'].includes(path)) {
      await expect(page.getByTestId('empty-state')).toContainText('First:');
    }
  }
});

test('keyboard: skip link, tab through navigation with visible focus, Alt+digit shortcuts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Candlelab' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('href', '/markets');
  const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/markets$/);
  await page.keyboard.press('Alt+4');
  await expect(page).toHaveURL(/\/backtests$/);
  await page.keyboard.press('Alt+9');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('theme follows the system and the switch overrides it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/settings');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await bg();
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await bg();
  expect(dark).not.toBe(light);
  await page.getByRole('group', { name: 'Theme' }).first().getByRole('button', { name: 'Dark' }).click();
  expect(await bg()).toBe(dark);
  await page.reload();
  expect(await bg()).toBe(dark);
  await page.getByRole('group', { name: 'Theme' }).first().getByRole('button', { name: 'Auto' }).click();
  expect(await bg()).toBe(light);
});

test('phone layout (390 px): navigation opens from the menu button', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Backtests' })).not.toBeInViewport();
  await menu.click();
  await expect(nav.getByRole('link', { name: 'Backtests' })).toBeInViewport();
  await nav.getByRole('link', { name: 'Backtests' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backtests' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Backtests' })).not.toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});

test('an unknown path shows a not-found page with a way back', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});
