import { formatValue } from '../../../core/metrics';
import type { DurationBin } from '../../../core/reports/trade-durations';
import { PlotFigure, plotFrame } from '../robustness/PlotFigure';
import { durationBinLabel } from './additions-model';
import './report.css';

/** How long trades were held, in bars (bins 0, 1, 2–3, 4–7, …): winners and losers stacked. */
export function DurationHistogram(props: { bins: readonly DurationBin[] }) {
  const data = () =>
    props.bins.flatMap((b) => {
      const label = durationBinLabel(b);
      const even = b.count - b.wins - b.losses;
      return [
        { bin: label, outcome: 'wins', n: b.wins, pnl: b.totalPnl },
        { bin: label, outcome: 'losses', n: b.losses, pnl: b.totalPnl },
        { bin: label, outcome: 'break-even', n: even, pnl: b.totalPnl },
      ];
    });
  return (
    <>
      <p class="plot-legend" aria-hidden="true">
        <span class="swatch" style={{ background: 'var(--up)' }} /> wins <span class="swatch" style={{ background: 'var(--down)' }} /> losses{' '}
        <span class="swatch" style={{ background: 'var(--muted)' }} /> break-even
      </p>
      <PlotFigure
      testId="duration-histogram"
      label="Trades by how long they were held, in bars"
      caption="Trades by how long they were held (bars of the backtest's timeframe), winners and losers stacked; hover a bar for its count and P&L."
      render={(Plot, width) =>
        Plot.plot({
          ...plotFrame(Math.min(width, 760), 240, 48),
          marginBottom: 40,
          x: { label: 'Held', domain: props.bins.map(durationBinLabel), tickRotate: props.bins.length > 8 ? -30 : 0 },
          y: { label: 'Trades', grid: true },
          color: { domain: ['wins', 'losses', 'break-even'], range: ['var(--up)', 'var(--down)', 'var(--muted)'] },
          marks: [
            Plot.barY(data(), {
              x: 'bin',
              y: 'n',
              fill: 'outcome',
              tip: true,
              title: (d: { bin: string; outcome: string; n: number; pnl: number }) => `${d.bin}: ${d.n} ${d.outcome}\nP&L of the bin ${formatValue('money', d.pnl)}`,
            }),
            Plot.ruleY([0]),
          ],
        })
      }
    />
    </>
  );
}
