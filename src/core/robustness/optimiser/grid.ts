/** Grid search: every point of a discrete space, in grid order (the last parameter fastest). */
import { gridPoint, spaceSize, type ParamDim } from '../param-space';
import type { StrategyParams } from '../../strategy/types';

/** Most points a grid may have. */
export const MAX_GRID_POINTS = 10_000_000;

/** Throws unless every dimension is discrete and the grid is not too large; returns its size. */
export function gridSize(dims: readonly ParamDim[]): number {
  const cont = dims.find((d) => d.values === null);
  if (cont) throw new RangeError(`space.${cont.key}.step: missing (grid search needs a step for a number range)`);
  const n = spaceSize(dims);
  if (n > MAX_GRID_POINTS) throw new RangeError(`space: ${n} grid points, more than ${MAX_GRID_POINTS.toLocaleString('en-US')} (narrow the ranges or use random search)`);
  return n;
}

/** Grid candidate `k`. */
export function gridCandidate(dims: readonly ParamDim[], k: number): StrategyParams {
  return gridPoint(dims, k);
}
