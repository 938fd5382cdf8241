import { createSignal } from 'solid-js';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'candlelab.theme';

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const [choice, setChoiceSignal] = createSignal<ThemeChoice>(readChoice());

/** The user's theme choice; 'system' follows `prefers-color-scheme`. */
export const themeChoice = choice;

export function setThemeChoice(next: ThemeChoice): void {
  setChoiceSignal(next);
  try {
    if (next === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
  } catch {
    /* storage may be unavailable (private mode); the choice still applies to this page */
  }
  if (next === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = next;
}

/** The theme in effect right now. */
export function effectiveTheme(): 'light' | 'dark' {
  const c = choice();
  if (c !== 'system') return c;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
