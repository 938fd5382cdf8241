/**
 * Trend-strength indicators: ADX with +DI/-DI (Wilder smoothing).
 *
 * NaN inputs (rule "restart"): a NaN on a bar (in any input column) makes every output NaN on
 * that bar and restarts the indicator: from the next bar the outputs are exactly those of the
 * indicator run afresh on the rest of the series (the first bar after a restart has no
 * previous close, like bar 0).
 */
import { checkInteger, checkSameLength } from './validate';
import { anyNaN3, EmaKernel, toStream, type HlcBar, type IndicatorStream, type StreamState } from './stream';

/*
 * The batch loop has the shape of the others: an outer loop starts a fresh run; a warm-up loop
 * fills the sums; a steady loop does the O(1) update. A NaN ends the run (`continue run`), so the
 * hot steady loop has a single, predictable NaN test. A bar is NaN when any of its inputs is.
 */

/**
 * Average Directional Index with Wilder's smoothing, as technicalindicators computes it:
 * +DM/-DM/TR start on the second bar; their smoothed sums start as the plain sum of the first
 * `period` values and continue `s = s - s / period + x`; +DI = 100 * s(+DM) / s(TR),
 * -DI = 100 * s(-DM) / s(TR) (0 when s(TR) is 0); DX = 100 * |+DI - -DI| / (+DI + -DI)
 * (0 when both are 0); ADX = mean of the first `period` DX, then `adx = (dx - adx) / period + adx`.
 * Warm-up: period for `plusDi`/`minusDi`, 2 * period - 1 for `adx`.
 */
export function adx(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
): { adx: Float64Array; plusDi: Float64Array; minusDi: Float64Array } {
  checkInteger('period', period);
  const n = checkSameLength(['high', 'low', 'close'], [high, low, close]);
  const adxOut = new Float64Array(n);
  const pOut = new Float64Array(n);
  const mOut = new Float64Array(n);
  const alpha = 1 / period;
  let i = 0;
  run: while (i < n) {
    const first = high[i] + low[i] + close[i];
    let ph = high[i];
    let pl = low[i];
    let pc = close[i];
    adxOut[i] = pOut[i] = mOut[i] = NaN;
    i++;
    if (first !== first) continue;
    let count = 0;
    let sTr = 0;
    let sP = 0;
    let sM = 0;
    let countDx = 0;
    let sumDx = 0;
    let ax = NaN;
    // warm-up: until ADX is defined
    for (; i < n; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const any = h + l + c;
      if (any !== any) {
        adxOut[i] = pOut[i] = mOut[i] = NaN;
        i++;
        continue run;
      }
      const tr = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
      const upMove = h - ph;
      const downMove = pl - l;
      const pdm = upMove > downMove && upMove > 0 ? upMove : 0;
      const mdm = downMove > upMove && downMove > 0 ? downMove : 0;
      ph = h;
      pl = l;
      pc = c;
      count++;
      if (count <= period) {
        sTr += tr;
        sP += pdm;
        sM += mdm;
        if (count < period) {
          adxOut[i] = pOut[i] = mOut[i] = NaN;
          continue;
        }
      } else {
        sTr = sTr - sTr / period + tr;
        sP = sP - sP / period + pdm;
        sM = sM - sM / period + mdm;
      }
      const pdi = sTr > 0 ? (sP * 100) / sTr : 0;
      const mdi = sTr > 0 ? (sM * 100) / sTr : 0;
      const diSum = pdi + mdi;
      pOut[i] = pdi;
      mOut[i] = mdi;
      sumDx += diSum > 0 ? (Math.abs(pdi - mdi) / diSum) * 100 : 0;
      countDx++;
      if (countDx === period) {
        ax = sumDx / period;
        adxOut[i++] = ax;
        break;
      }
      adxOut[i] = NaN;
    }
    for (; i < n; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const any = h + l + c;
      if (any !== any) {
        adxOut[i] = pOut[i] = mOut[i] = NaN;
        i++;
        continue run;
      }
      const tr = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
      const upMove = h - ph;
      const downMove = pl - l;
      const pdm = upMove > downMove && upMove > 0 ? upMove : 0;
      const mdm = downMove > upMove && downMove > 0 ? downMove : 0;
      ph = h;
      pl = l;
      pc = c;
      sTr = sTr - sTr / period + tr;
      sP = sP - sP / period + pdm;
      sM = sM - sM / period + mdm;
      const pdi = sTr > 0 ? (sP * 100) / sTr : 0;
      const mdi = sTr > 0 ? (sM * 100) / sTr : 0;
      const diSum = pdi + mdi;
      const dx = diSum > 0 ? (Math.abs(pdi - mdi) / diSum) * 100 : 0;
      pOut[i] = pdi;
      mOut[i] = mdi;
      ax = (dx - ax) * alpha + ax;
      adxOut[i] = ax;
    }
  }
  return { adx: adxOut, plusDi: pOut, minusDi: mOut };
}

export interface AdxPoint {
  adx: number;
  plusDi: number;
  minusDi: number;
}

class AdxState implements StreamState<HlcBar, AdxPoint> {
  private run = 0;
  private ph = 0;
  private pl = 0;
  private pc = 0;
  private sTr = 0;
  private sP = 0;
  private sM = 0;
  private readonly dx: EmaKernel;
  private readonly b = new Float64Array(7);
  constructor(readonly period: number) {
    this.dx = new EmaKernel(period, 1 / period);
  }
  step(h: number, l: number, c: number): AdxPoint {
    const period = this.period;
    if (anyNaN3(h, l, c)) {
      this.run = 0;
      return { adx: NaN, plusDi: NaN, minusDi: NaN };
    }
    if (this.run === 0) {
      this.run = 1;
      this.ph = h;
      this.pl = l;
      this.pc = c;
      this.sTr = this.sP = this.sM = 0;
      this.dx.reset();
      return { adx: NaN, plusDi: NaN, minusDi: NaN };
    }
    const pc = this.pc;
    const tr = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
    const upMove = h - this.ph;
    const downMove = this.pl - l;
    const pdm = upMove > downMove && upMove > 0 ? upMove : 0;
    const mdm = downMove > upMove && downMove > 0 ? downMove : 0;
    this.ph = h;
    this.pl = l;
    this.pc = c;
    if (this.run <= period) {
      this.sTr += tr;
      this.sP += pdm;
      this.sM += mdm;
      this.run++;
      if (this.run <= period) return { adx: NaN, plusDi: NaN, minusDi: NaN };
    } else {
      this.sTr = this.sTr - this.sTr / period + tr;
      this.sP = this.sP - this.sP / period + pdm;
      this.sM = this.sM - this.sM / period + mdm;
    }
    const sTr = this.sTr;
    const pdi = sTr > 0 ? (this.sP * 100) / sTr : 0;
    const mdi = sTr > 0 ? (this.sM * 100) / sTr : 0;
    const diSum = pdi + mdi;
    const dx = diSum > 0 ? (Math.abs(pdi - mdi) / diSum) * 100 : 0;
    const ax = this.dx.push(dx) ? this.dx.value : NaN;
    return { adx: ax, plusDi: pdi, minusDi: mdi };
  }
  save(): void {
    const b = this.b;
    b[0] = this.run;
    b[1] = this.ph;
    b[2] = this.pl;
    b[3] = this.pc;
    b[4] = this.sTr;
    b[5] = this.sP;
    b[6] = this.sM;
    this.dx.save();
  }
  restore(): void {
    const b = this.b;
    this.run = b[0];
    this.ph = b[1];
    this.pl = b[2];
    this.pc = b[3];
    this.sTr = b[4];
    this.sP = b[5];
    this.sM = b[6];
    this.dx.restore();
  }
}

/** Streaming `adx`. */
export function createAdxStream(period: number): IndicatorStream<HlcBar, AdxPoint> {
  checkInteger('period', period);
  return toStream(new AdxState(period));
}
