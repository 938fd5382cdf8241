import { createMemo, createSignal } from 'solid-js';
import type { TradeColumns } from '../../../core/backtest/trade-columns';
import { formatInt } from '../../format';
import type { ExcursionColumns } from '../../../core/reports/report-additions';
import { PlotFigure, plotFrame } from '../robustness/PlotFigure';
import { excursionPoints, type ExcursionKind, type ExcursionUnit } from './additions-model';
import './report.css';

const KIND_TEXT: Record<ExcursionKind, string> = { mae: 'MAE (went against)', mfe: 'MFE (went for)' };
const UNIT_TEXT: Record<ExcursionUnit, string> = { pct: '% of entry', r: 'R (stop distances)' };
/** Most trades drawn as one dot each; more are binned into hexagons sized by their count (10,000 dots freeze the page). */
export const MAX_DOTS = 2_000;

/**
 * Each trade's maximum adverse or favourable excursion (in % of the entry price or in R) against
 * its result in %: winners in the up colour, losers in the down colour.
 */
export function ExcursionScatter(props: { trades: TradeColumns; excursions: ExcursionColumns }) {
  const [kind, setKind] = createSignal<ExcursionKind>('mae');
  const [unit, setUnit] = createSignal<ExcursionUnit>('pct');
  const points = createMemo(() => excursionPoints(props.trades, props.excursions, kind(), unit()));
  const unitLabel = () => (unit() === 'pct' ? '%' : 'R');
  return (
    <div data-testid="excursions">
      <div class="row" style={{ 'margin-bottom': '6px', gap: '12px', 'flex-wrap': 'wrap' }}>
        <div class="segmented" role="group" aria-label="Excursion">
          <button type="button" aria-pressed={kind() === 'mae'} onClick={() => setKind('mae')}>
            MAE
          </button>
          <button type="button" aria-pressed={kind() === 'mfe'} onClick={() => setKind('mfe')}>
            MFE
          </button>
        </div>
        <div class="segmented" role="group" aria-label="Unit">
          <button type="button" aria-pressed={unit() === 'pct'} onClick={() => setUnit('pct')}>
            %
          </button>
          <button type="button" aria-pressed={unit() === 'r'} onClick={() => setUnit('r')}>
            R
          </button>
        </div>
        <span class="muted" data-testid="excursion-count">
          {formatInt(points().length)} of {formatInt(props.trades.length)} trades
          {props.excursions.missing > 0 ? ` (${formatInt(props.excursions.missing)} without stored candles)` : ''}
          {unit() === 'r' && points().length + props.excursions.missing < props.trades.length ? ' — R needs a stop' : ''}
        </span>
      </div>
      <PlotFigure
        testId="excursion-scatter"
        label={`${KIND_TEXT[kind()]} in ${UNIT_TEXT[unit()]} against each trade's result`}
        caption={`${KIND_TEXT[kind()]} in ${UNIT_TEXT[unit()]} (across) against the trade's P&L in % (up); winners green, losers red${points().length > MAX_DOTS ? `; with more than ${formatInt(MAX_DOTS)} trades, nearby trades share a hexagon sized by their count` : ''}.`}
        render={(Plot, width) =>
          Plot.plot({
            ...plotFrame(Math.min(width, 760), 280, 56),
            marginBottom: 40,
            x: { label: `${kind().toUpperCase()} (${unitLabel()})`, grid: true, zero: true },
            y: { label: 'Result (%)', grid: true },
            color: { domain: ['win', 'loss', 'even'], range: ['var(--up)', 'var(--down)', 'var(--muted)'] },
            // Hexagons: a single trade stays visible beside one that holds thousands.
            r: { range: [2, 6] },
            marks: [
              Plot.ruleY([0], { stroke: 'var(--muted)' }),
              points().length <= MAX_DOTS
                ? Plot.dot(points(), {
                    x: 'x',
                    y: 'pnlPct',
                    fill: 'outcome',
                    r: 2.5,
                    fillOpacity: 0.7,
                    channels: { Trade: 'trade' },
                    tip: { format: { Trade: (n: number) => `#${n}`, x: (v: number) => `${v.toFixed(2)} ${unitLabel()}`, y: (v: number) => `${v.toFixed(2)} %`, fill: false } },
                  })
                : Plot.dot(points(), Plot.hexbin({ r: 'count' }, { x: 'x', y: 'pnlPct', fill: 'outcome', fillOpacity: 0.75, binWidth: 12, tip: true })),
            ],
          })
        }
      />
    </div>
  );
}
