/**
 * Candlestick patterns, detected by technicalindicators' pattern functions on the bars that end
 * at a given index (never a later bar), for use as optional signal filters.
 */
import {
  abandonedbaby,
  bearishengulfingpattern,
  bearishhammerstick,
  bearishharami,
  bearishharamicross,
  bearishinvertedhammerstick,
  bearishmarubozu,
  bearishspinningtop,
  bullishengulfingpattern,
  bullishhammerstick,
  bullishharami,
  bullishharamicross,
  bullishinvertedhammerstick,
  bullishmarubozu,
  bullishspinningtop,
  darkcloudcover,
  doji,
  downsidetasukigap,
  dragonflydoji,
  eveningdojistar,
  eveningstar,
  gravestonedoji,
  hammerpattern,
  hammerpatternunconfirmed,
  hangingman,
  hangingmanunconfirmed,
  morningdojistar,
  morningstar,
  piercingline,
  shootingstar,
  shootingstarunconfirmed,
  threeblackcrows,
  threewhitesoldiers,
  tweezerbottom,
  tweezertop,
} from 'technicalindicators';
import type { CandleColumns } from '../candles/types';

export type PatternDirection = 'bullish' | 'bearish' | 'neutral';

interface OhlcWindow {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
}

type Finder = (data: OhlcWindow) => unknown;

export interface PatternDef {
  name: PatternName;
  /** Number of bars the pattern reads: bars i - bars + 1 .. i. */
  bars: number;
  /** What the pattern suggests about the next move. */
  direction: PatternDirection;
  description: string;
}

const table = {
  abandonedbaby: [3, 'bullish', abandonedbaby, 'Bearish bar, doji gapping down, bullish bar gapping up.'],
  bearishengulfingpattern: [2, 'bearish', bearishengulfingpattern, 'Bearish body engulfing the previous bullish body.'],
  bullishengulfingpattern: [2, 'bullish', bullishengulfingpattern, 'Bullish body engulfing the previous bearish body.'],
  bearishharami: [2, 'bearish', bearishharami, 'Small bearish bar inside the previous bullish body.'],
  bullishharami: [2, 'bullish', bullishharami, 'Small bullish bar inside the previous bearish body.'],
  bearishharamicross: [2, 'bearish', bearishharamicross, 'Doji inside the previous bullish body.'],
  bullishharamicross: [2, 'bullish', bullishharamicross, 'Doji inside the previous bearish body.'],
  bearishmarubozu: [1, 'bearish', bearishmarubozu, 'Bearish bar without shadows.'],
  bullishmarubozu: [1, 'bullish', bullishmarubozu, 'Bullish bar without shadows.'],
  bearishspinningtop: [1, 'bearish', bearishspinningtop, 'Small bearish body between long shadows.'],
  bullishspinningtop: [1, 'bullish', bullishspinningtop, 'Small bullish body between long shadows.'],
  bearishhammerstick: [1, 'bearish', bearishhammerstick, 'Bearish hammer-shaped bar (open at the high, long lower shadow).'],
  bullishhammerstick: [1, 'bullish', bullishhammerstick, 'Bullish hammer-shaped bar (close at the high, long lower shadow).'],
  bearishinvertedhammerstick: [1, 'bearish', bearishinvertedhammerstick, 'Bearish inverted hammer (close at the low, long upper shadow).'],
  bullishinvertedhammerstick: [1, 'bullish', bullishinvertedhammerstick, 'Bullish inverted hammer (open at the low, long upper shadow).'],
  darkcloudcover: [2, 'bearish', darkcloudcover, 'Bearish bar opening above the previous high and closing below its midpoint.'],
  downsidetasukigap: [
    3,
    'bearish',
    downsidetasukigap,
    'Two bearish bars with a gap down, then a bullish bar not closing the gap (bearish continuation; technicalindicators lists it among bullish patterns).',
  ],
  doji: [1, 'neutral', doji, 'Open equal to close.'],
  dragonflydoji: [1, 'bullish', dragonflydoji, 'Doji at the high with a long lower shadow.'],
  gravestonedoji: [1, 'bearish', gravestonedoji, 'Doji at the low with a long upper shadow.'],
  eveningdojistar: [3, 'bearish', eveningdojistar, 'Bullish bar, doji gapping up, bearish bar closing below the first midpoint.'],
  eveningstar: [3, 'bearish', eveningstar, 'Bullish bar, small bar gapping up, bearish bar closing below the first midpoint.'],
  morningdojistar: [3, 'bullish', morningdojistar, 'Bearish bar, doji gapping down, bullish bar closing above the first midpoint.'],
  morningstar: [3, 'bullish', morningstar, 'Bearish bar, small bar gapping down, bullish bar closing above the first midpoint.'],
  piercingline: [2, 'bullish', piercingline, 'Bullish bar opening below the previous low and closing above its midpoint.'],
  threeblackcrows: [3, 'bearish', threeblackcrows, 'Three falling bearish bars each opening inside the previous body.'],
  threewhitesoldiers: [3, 'bullish', threewhitesoldiers, 'Three rising bullish bars each opening inside the previous body.'],
  hammerpattern: [5, 'bullish', hammerpattern, 'Downtrend, hammer, then a bullish confirmation bar.'],
  hammerpatternunconfirmed: [5, 'bullish', hammerpatternunconfirmed, 'Downtrend then a hammer on the last bar.'],
  hangingman: [5, 'bearish', hangingman, 'Uptrend, hanging man, then a bearish confirmation bar.'],
  hangingmanunconfirmed: [5, 'bearish', hangingmanunconfirmed, 'Uptrend then a hanging man on the last bar.'],
  shootingstar: [5, 'bearish', shootingstar, 'Uptrend, shooting star, then a bearish confirmation bar.'],
  shootingstarunconfirmed: [5, 'bearish', shootingstarunconfirmed, 'Uptrend then a shooting star on the last bar.'],
  tweezertop: [5, 'bearish', tweezertop, 'Uptrend then two bars with equal highs.'],
  tweezerbottom: [5, 'bullish', tweezerbottom, 'Downtrend then two bars with equal lows.'],
} as const satisfies Record<string, readonly [number, PatternDirection, Finder, string]>;

export type PatternName = keyof typeof table;

/** Every supported pattern with its bar count and direction. */
export const PATTERNS: readonly PatternDef[] = Object.freeze(
  (Object.keys(table) as PatternName[]).map((name) =>
    Object.freeze({ name, bars: table[name][0], direction: table[name][1], description: table[name][3] }),
  ),
);

/** The pattern called `name`; throws naming the value and the accepted names. */
export function getPattern(name: string): PatternDef {
  const p = PATTERNS.find((d) => d.name === name);
  if (!p) throw new RangeError(`pattern: "${name}" is not a pattern (expected one of ${PATTERNS.map((d) => d.name).join(', ')})`);
  return p;
}

/**
 * True when pattern `name` appears on the bars ending at index `i` (only bars <= i are read).
 * False when fewer bars than the pattern needs exist or any of them has a NaN price.
 */
export function detectPattern(name: PatternName, candles: CandleColumns, i: number): boolean {
  const def = getPattern(name);
  const n = candles.close.length;
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new RangeError(`i: ${String(i)} is not a bar index (0..${n - 1})`);
  }
  const count = def.bars;
  const from = i - count + 1;
  if (from < 0) return false;
  const w: OhlcWindow = { open: [], high: [], low: [], close: [] };
  for (let k = from; k <= i; k++) {
    const o = candles.open[k];
    const h = candles.high[k];
    const l = candles.low[k];
    const c = candles.close[k];
    if (o !== o || h !== h || l !== l || c !== c) return false;
    w.open.push(o);
    w.high.push(h);
    w.low.push(l);
    w.close.push(c);
  }
  const finder: Finder = table[name][2];
  return finder(w) === true;
}
