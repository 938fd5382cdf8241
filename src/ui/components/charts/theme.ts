/**
 * Chart colours from the page's CSS variables, and a signal that changes when the theme does
 * (the user's choice on `<html data-theme>`, or the system's light/dark preference).
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';

export interface ChartColors {
  dark: boolean;
  background: string;
  text: string;
  muted: string;
  grid: string;
  border: string;
  accent: string;
  up: string;
  down: string;
  warn: string;
  /** Line colours for several series side by side, distinguishable in this theme. */
  series: readonly string[];
}

/**
 * Six line colours per theme, told apart by hue and lightness (the Okabe–Ito palette, safe for the
 * common colour-vision deficiencies; lighter variants on the dark background).
 */
export const SERIES_COLORS_LIGHT: readonly string[] = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#b8860b', '#6a3d9a'];
export const SERIES_COLORS_DARK: readonly string[] = ['#56b4e9', '#ff9a4d', '#3dd9a4', '#f0a6ca', '#f5c542', '#b9a3ff'];

function luminance(color: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!m) return 1;
  return (0.2126 * parseInt(m[1], 16) + 0.7152 * parseInt(m[2], 16) + 0.0722 * parseInt(m[3], 16)) / 255;
}

/** The theme's colours, read from the CSS variables of the document. */
export function chartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const background = v('--surface', '#ffffff');
  const dark = luminance(v('--bg', '#ffffff')) < 0.5;
  return {
    dark,
    background,
    text: v('--text', '#0f172a'),
    muted: v('--muted', '#5b6478'),
    grid: v('--surface-2', '#eef1f6'),
    border: v('--border', '#d7dce5'),
    accent: v('--accent', '#0f766e'),
    up: v('--up', '#059669'),
    down: v('--down', '#dc2626'),
    warn: v('--warn', '#a16207'),
    series: dark ? SERIES_COLORS_DARK : SERIES_COLORS_LIGHT,
  };
}

/**
 * The current chart colours, updated when `<html data-theme>` changes or the system switches
 * between light and dark. Call inside a component.
 */
export function createChartColors(): Accessor<ChartColors> {
  const [colors, setColors] = createSignal(chartColors());
  const refresh = () => setColors(chartColors());
  const observer = new MutationObserver(refresh);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  media?.addEventListener('change', refresh);
  onCleanup(() => {
    observer.disconnect();
    media?.removeEventListener('change', refresh);
  });
  return colors;
}
