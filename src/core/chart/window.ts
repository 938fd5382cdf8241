/**
 * Which candles a chart holds at once. A chart never draws a whole long series: it holds a
 * window of at most `size` view candles around what is looked at, and asks for the next window
 * when the view or the replay cursor comes near its edge.
 */

/** Candles [from, to) of a view series. */
export interface IndexRange {
  from: number;
  to: number;
}

/**
 * How a window sits around its anchor candle: `center` (browsing), `end` (the anchor is the last
 * candle: the latest data), `replay` (a quarter of the window ahead of the anchor: room to step
 * back), or `start` (an eighth of the window behind the anchor: a replay cursor that moves
 * forward, with little drawn behind it).
 */
export type WindowAlign = 'center' | 'end' | 'replay' | 'start';

/**
 * The window of at most `size` candles inside [lo, hi) that holds `anchor` (clamped into
 * [lo, hi)) placed as `align` says, shifted inward where it would cross lo or hi.
 */
export function windowRange(lo: number, hi: number, anchor: number, size: number, align: WindowAlign): IndexRange {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`size: ${size} is not a positive integer`);
  if (hi <= lo) return { from: lo, to: lo };
  const a = Math.min(hi - 1, Math.max(lo, Math.floor(anchor)));
  const ahead = align === 'end' ? 0 : align === 'replay' ? Math.floor(size / 4) : align === 'start' ? size - 1 - Math.floor(size / 8) : Math.floor(size / 2);
  let to = Math.min(hi, a + 1 + ahead);
  let from = Math.max(lo, to - size);
  to = Math.min(hi, from + size);
  if (to - from < size) from = Math.max(lo, to - size);
  return { from, to };
}

/**
 * Whether a view showing candles [shownFrom, shownTo) of a window [from, to) inside [lo, hi) is
 * close enough to an edge of the window (within `margin` candles) that another window should be
 * loaded: never at an edge that is the end of the series.
 */
export function nearWindowEdge(window: IndexRange, lo: number, hi: number, shownFrom: number, shownTo: number, margin: number): boolean {
  return (window.from > lo && shownFrom - window.from < margin) || (window.to < hi && window.to - shownTo < margin);
}
