import { existsSync } from 'node:fs';

/** The system Chromium: CHROMIUM_PATH (or CHROME_PATH) when set, else /usr/bin/chromium. */
export function chromiumExecutable(): string {
  const p = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(`Chromium not found at ${p}: install Debian's chromium or set CHROMIUM_PATH`);
  }
  return p;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
