/**
 * Random search: a seeded stream of points drawn uniformly from the space. In a discrete space no
 * point is drawn twice (so a space can be exhausted, never exceeded); a continuous dimension draws
 * a uniform number in its range (rounded to 10 decimals; an integer range draws its steps).
 */
import { createRng, type Rng } from '../../util/rng';
import { cleanNumber, pointKey, type ParamDim } from '../param-space';
import type { StrategyParams } from '../../strategy/types';

/** One uniform point of the space from `rng`. */
export function randomPoint(dims: readonly ParamDim[], rng: Rng): StrategyParams {
  const out: StrategyParams = {};
  for (const d of dims) {
    if (d.values !== null) out[d.key] = d.values[rng.int(d.values.length)];
    else out[d.key] = cleanNumber(d.min + rng.next() * (d.max - d.min));
  }
  return out;
}

/** The points of a random search, generated on demand in a fixed order from the seed. */
export class RandomStream {
  private readonly rng: Rng;
  private readonly points: StrategyParams[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly dims: readonly ParamDim[],
    seed: number,
    /** Points of the space (Infinity when continuous): the stream never repeats a point while fewer were drawn. */
    private readonly size: number,
  ) {
    this.rng = createRng(seed);
  }

  /** Point `k` of the stream (0-based). */
  at(k: number): StrategyParams {
    while (this.points.length <= k) {
      if (this.points.length >= this.size) throw new RangeError(`evaluations: ${k + 1} is more than the ${this.size} points the space holds`);
      for (;;) {
        const p = randomPoint(this.dims, this.rng);
        const key = pointKey(this.dims, p);
        if (this.size !== Infinity && this.seen.has(key)) continue;
        this.seen.add(key);
        this.points.push(p);
        break;
      }
    }
    return this.points[k];
  }
}
