import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { chromiumExecutable, CHROMIUM_ARGS } from '../tests/support/chromium';

/** Renders public/favicon.svg into the PWA's PNG icons (any 192/512, maskable 512 with a safe zone). */
async function main(): Promise<void> {
  const svg = readFileSync('public/favicon.svg', 'utf8');
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const shots: Array<{ file: string; size: number; maskable: boolean }> = [
    { file: 'public/icons/icon-192.png', size: 192, maskable: false },
    { file: 'public/icons/icon-512.png', size: 512, maskable: false },
    { file: 'public/icons/icon-maskable-512.png', size: 512, maskable: true },
  ];
  for (const s of shots) {
    await page.setViewportSize({ width: s.size, height: s.size });
    const inner = s.maskable ? Math.round(s.size * 0.78) : s.size;
    const body = s.maskable
      ? `<div style="width:${s.size}px;height:${s.size}px;background:linear-gradient(135deg,#0f766e,#0b1220);display:flex;align-items:center;justify-content:center">${svg.replace('<svg', `<svg width="${inner}" height="${inner}"`)}</div>`
      : svg.replace('<svg', `<svg width="${s.size}" height="${s.size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
    writeFileSync(s.file, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: s.size, height: s.size } }));
  }
  await browser.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
