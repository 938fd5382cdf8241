import { For, Show } from 'solid-js';
import { MC_METRICS, PERCENTILE_LABELS, type McMetric } from '../../../core/robustness/monte-carlo';
import type { MonteCarloRunRecord } from '../../../app/robustness';
import { PlotFigure, plotFrame } from './PlotFigure';
import { fmt, fmtMoney, fmtPct, fmtShare } from './format';

const LABEL: Record<McMetric, string> = {
  finalEquity: 'Final equity',
  returnPct: 'Return',
  maxDrawdownPct: 'Max drawdown',
  longestDrawdown: 'Longest drawdown (trades)',
  sharpe: 'Sharpe (per-trade, annualised)',
};

function show(metric: string, v: number | null | undefined): string {
  if (metric === 'finalEquity') return fmtMoney(v);
  if (metric === 'returnPct' || metric === 'maxDrawdownPct') return fmtPct(v);
  if (metric === 'longestDrawdown') return fmt(v, 0);
  return fmt(v);
}

/** A Monte Carlo run's result: risk of ruin, percentiles, the equity fan and the histograms. */
export function MonteCarloResult(props: { run: MonteCarloRunRecord }) {
  const r = () => props.run;
  const cfg = () => (r().config ?? {}) as { ruinDrawdownPct?: number; method?: string; skipPct?: number; noisePct?: number };
  const fanRows = () => {
    const f = r().fan;
    if (!f) return [];
    const b = f.bands;
    return Array.from(f.step, (step, i) => ({ step, p5: b.p5[i], p25: b.p25[i], p50: b.p50[i], p75: b.p75[i], p95: b.p95[i], baseline: b.baseline?.[i] ?? NaN }));
  };
  return (
    <div class="rb-stack" data-testid="mc-result">
      <div class="rb-kpis">
        <div class="rb-kpi" data-testid="mc-ruin">
          <div class="rb-kpi-label">Risk of ruin (drawdown ≥ {fmt(cfg().ruinDrawdownPct ?? null, 0)} %)</div>
          <div class="rb-kpi-value">{fmtShare(r().riskOfRuin, 2)}</div>
        </div>
        <div class="rb-kpi" data-testid="mc-exceeded">
          <div class="rb-kpi-label">Backtest's own drawdown exceeded</div>
          <div class="rb-kpi-value">{fmtShare(r().drawdownExceeded ?? null, 1)}</div>
        </div>
        <div class="rb-kpi">
          <div class="rb-kpi-label">Median final equity</div>
          <div class="rb-kpi-value">{fmtMoney(r().summary?.finalEquity?.p50)}</div>
        </div>
        <div class="rb-kpi">
          <div class="rb-kpi-label">95th percentile max drawdown</div>
          <div class="rb-kpi-value">{fmtPct(r().summary?.maxDrawdownPct?.p95)}</div>
        </div>
      </div>
      <p class="muted" style={{ margin: '0' }}>
        {r().runs.toLocaleString('en-US')} runs of {fmt(r().trades ?? null, 0)} trades, method {r().method}, seed {r().seed}. Trades are replayed as P&amp;L added to the
        initial capital; a run that reaches 0 stops.
      </p>

      <div class="table-wrap">
        <table class="rb-table" data-testid="mc-percentiles">
          <thead>
            <tr>
              <th>Measure</th>
              <For each={PERCENTILE_LABELS}>{(p) => <th class="num">{p}</th>}</For>
              <th class="num">Backtest</th>
            </tr>
          </thead>
          <tbody>
            <For each={MC_METRICS}>
              {(m) => (
                <tr data-metric={m}>
                  <td>{LABEL[m]}</td>
                  <For each={PERCENTILE_LABELS}>{(p) => <td class="num">{show(m, r().summary?.[m]?.[p])}</td>}</For>
                  <td class="num">{show(m, r().baseline?.[m])}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>

      <Show when={fanRows().length > 0}>
        <div class="card">
          <PlotFigure
            testId="mc-fan"
            label="Equity fan: percentile bands of equity after each trade"
            caption="Equity after each trade step: the shaded bands hold the middle 90 % and 50 % of runs, the line is the median, the dashed line the backtest's own order."
            render={(Plot, width) =>
              Plot.plot({
                ...plotFrame(width, 300, 70),
                x: { label: 'Trade', grid: true },
                y: { label: 'Equity', grid: true, tickFormat: (d: number) => d.toLocaleString('en-US') },
                marks: [
                  Plot.areaY(fanRows(), { x: 'step', y1: 'p5', y2: 'p95', fill: 'var(--accent)', fillOpacity: 0.15 }),
                  Plot.areaY(fanRows(), { x: 'step', y1: 'p25', y2: 'p75', fill: 'var(--accent)', fillOpacity: 0.3 }),
                  Plot.lineY(fanRows(), { x: 'step', y: 'p50', stroke: 'var(--accent)', strokeWidth: 2 }),
                  Plot.lineY(fanRows(), { x: 'step', y: 'baseline', stroke: 'var(--text)', strokeDasharray: '4 3' }),
                  Plot.tip(fanRows(), Plot.pointerX({ x: 'step', y: 'p50', title: (d: { step: number; p5: number; p50: number; p95: number }) => `Trade ${d.step}\np95 ${fmtMoney(d.p95)}\nmedian ${fmtMoney(d.p50)}\np5 ${fmtMoney(d.p5)}` })),
                ],
              })
            }
          />
        </div>
      </Show>

      <div class="rb-grid2">
        <For each={r().distributions}>
          {(h) => {
            const bins = () => h.counts.map((c, i) => ({ x1: h.edges[i], x2: h.edges[i + 1], count: c }));
            const base = () => r().baseline?.[h.metric] ?? null;
            return (
              <div class="card">
                <PlotFigure
                  testId="mc-histogram"
                  label={`Histogram of ${LABEL[h.metric as McMetric] ?? h.metric}`}
                  caption={<>{LABEL[h.metric as McMetric] ?? h.metric}: runs per bin; the line marks the backtest ({show(h.metric, base())}).</>}
                  render={(Plot, width) =>
                    Plot.plot({
                      ...plotFrame(width, 200, 50),
                      x: { label: LABEL[h.metric as McMetric] ?? h.metric, ticks: Math.max(2, Math.floor(width / 90)), tickFormat: (d: number) => fmt(d, Math.abs(h.edges[h.edges.length - 1] - h.edges[0]) < 5 ? 2 : 0) },
                      y: { label: 'Runs', grid: true },
                      marks: [
                        Plot.rectY(bins(), { x1: 'x1', x2: 'x2', y: 'count', fill: 'var(--accent)', fillOpacity: 0.7, insetLeft: 0.5, insetRight: 0.5 }),
                        ...(base() !== null ? [Plot.ruleX([base()!], { stroke: 'var(--down)', strokeWidth: 2 })] : []),
                        Plot.ruleY([0]),
                      ],
                    })
                  }
                />
              </div>
            );
          }}
        </For>
      </div>
    </div>
  );
}
