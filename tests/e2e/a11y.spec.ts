import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { APP_ROUTES, loadDemoWithBacktests, openRoute } from './app-routes';
import { test, expect } from './fixtures';

/** Serious and critical axe violations of the page as it is now, one line each. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) — ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 4 ? ` … ${v.nodes.length} in all` : ''}`);
}

// Each pass loads its own data and takes minutes of axe: spread them over the workers.
test.describe.configure({ mode: 'parallel' });

// Both themes and both layouts, in two passes: light on a desktop, dark on a phone.
const PASSES = [
  { name: 'light theme, 1280 px', width: 1280, scheme: 'light' },
  { name: 'dark theme, phone (390 px)', width: 390, scheme: 'dark' },
] as const;

// Each pass in two halves of the routes, so that each test's time limit covers half of the axe work.
const HALVES = [APP_ROUTES.slice(0, Math.ceil(APP_ROUTES.length / 2)), APP_ROUTES.slice(Math.ceil(APP_ROUTES.length / 2))];

for (const pass of PASSES) {
  HALVES.forEach((routes, half) => {
    test(`every route with data passes axe with no serious or critical violation: ${pass.name}, routes ${half + 1} of 2`, async ({ page, errors }) => {
      test.setTimeout(600_000);
      await loadDemoWithBacktests(page);
      await page.emulateMedia({ colorScheme: pass.scheme });
      await page.setViewportSize({ width: pass.width, height: 900 });
      const found: string[] = [];
      for (const route of routes) {
        await openRoute(page, route);
        found.push(...(await seriousViolations(page, route.path)));
      }
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    });
  });
}

test('the phone navigation drawer, once open, passes axe too', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Backtests' })).toBeInViewport();
  expect(await seriousViolations(page, 'drawer')).toEqual([]);
});
