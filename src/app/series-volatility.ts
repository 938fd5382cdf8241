import type { Timeframe } from '../core/candles/timeframe';
import type { SeriesVolatility } from '../../workers/compute/tasks';
import { interactiveComputeWorker } from './worker-pools';

export type { SeriesVolatility } from '../../workers/compute/tasks';

/**
 * Annualised realised volatility (%) of stored series of one exchange over a window, measured in
 * a compute worker on each symbol's 1h closes (or `timeframe` when no 1h series is stored).
 */
export async function measureVolatility(
  args: { exchange: string; symbols: string[]; timeframe: Timeframe; from: number | null; to: number | null },
  signal?: AbortSignal,
): Promise<SeriesVolatility[]> {
  return interactiveComputeWorker().run('seriesVolatility', args, signal ? { signal } : {});
}
