import { createMemo, For, Show } from 'solid-js';
import type { WalkForwardRunRecord } from '../../../app/robustness';
import type { WalkForwardRunSettings } from '../../../app/robustness-runner';
import { pboVerdict } from '../../../core/robustness/analysis';
import { formatDate } from '../../format';
import { EquityChart } from '../charts/EquityChart';
import { PlotFigure, plotFrame } from './PlotFigure';
import { Verdict } from './Verdict';
import { fmt, fmtMetric, fmtParam, fmtShare } from './format';

/** The y range of a drift chart: the values' range, widened when they never moved. */
function driftDomain(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (hi > lo) return [lo, hi];
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.25;
  return [lo - pad, hi + pad];
}

/** A walk-forward run's result: the stitched out-of-sample curve, efficiency, PBO, windows and parameter drift. */
export function WalkForwardResult(props: { run: WalkForwardRunRecord }) {
  const r = () => props.run;
  const m = () => r().summary?.metrics ?? {};
  const settings = () => r().config as unknown as WalkForwardRunSettings | undefined;
  const pbos = createMemo(() => r().windows.map((w) => w.overfitting?.pbo).filter((v): v is number => typeof v === 'number'));
  const meanPbo = () => (pbos().length > 0 ? pbos().reduce((a, b) => a + b, 0) / pbos().length : null);
  const keys = () => Object.keys(r().windows[0]?.params ?? {});
  const driftRows = createMemo(() => (r().drift ?? []).filter((d) => d.values.some((v) => typeof v === 'number')));
  return (
    <div class="rb-stack" data-testid="wf-result">
      <div class="rb-kpis">
        <div class="rb-kpi" data-testid="wf-roi">
          <div class="rb-kpi-label">Stitched out-of-sample ROI</div>
          <div class="rb-kpi-value">{fmtMetric('roiPct', m().roiPct)}</div>
        </div>
        <div class="rb-kpi">
          <div class="rb-kpi-label">Out-of-sample Sharpe</div>
          <div class="rb-kpi-value">{fmtMetric('sharpe', m().sharpe)}</div>
        </div>
        <div class="rb-kpi">
          <div class="rb-kpi-label">Out-of-sample max drawdown</div>
          <div class="rb-kpi-value">{fmtMetric('maxDrawdownPct', m().maxDrawdownPct)}</div>
        </div>
        <div class="rb-kpi" data-testid="wf-efficiency">
          <div class="rb-kpi-label">Walk-forward efficiency</div>
          <div class="rb-kpi-value">{fmtShare(r().summary?.efficiency ?? null, 0)}</div>
        </div>
        <div class="rb-kpi">
          <div class="rb-kpi-label">Out-of-sample trades</div>
          <div class="rb-kpi-value">{fmtMetric('totalTrades', m().totalTrades)}</div>
        </div>
      </div>
      <div class="rb-grid2">
        <Verdict
          testId="wf-pbo-verdict"
          title="Probability of Backtest Overfitting (mean of the windows)"
          value={fmtShare(meanPbo(), 0)}
          verdict={pboVerdict(meanPbo()).verdict}
          text={pboVerdict(meanPbo()).text}
          explain="Each window's in-sample search cross-validated by CSCV (Bailey et al. 2015): how often its best parameters fall to the bottom half on unseen blocks."
        />
        <Verdict
          title="Walk-forward efficiency"
          value={fmtShare(r().summary?.efficiency ?? null, 0)}
          verdict={r().summary?.efficiency == null ? 'unknown' : r().summary!.efficiency! >= 0.5 ? 'good' : r().summary!.efficiency! > 0 ? 'caution' : 'bad'}
          text={
            r().summary?.efficiency == null
              ? 'Undefined: the in-sample results did not grow (CAGR ≤ 0).'
              : `Out of sample the chosen parameters kept ${fmtShare(r().summary!.efficiency!, 0)} of their in-sample annual growth.`
          }
          explain="Stitched out-of-sample CAGR divided by the mean in-sample CAGR of the chosen parameters (Pardo); 50 % or more is usually taken as robust."
        />
      </div>
      <Show when={(r().summary?.equity.time.length ?? 0) > 0}>
        <div class="card" data-testid="wf-equity">
          <strong>Stitched out-of-sample equity</strong>
          <p class="muted" style={{ margin: '2px 0 8px' }}>
            Each window's out-of-sample curve, scaled to start where the previous one ended: what trading the re-optimised parameters would have given.
          </p>
          <EquityChart time={r().summary!.equity.time} value={r().summary!.equity.value} initialCapital={settings()?.data.config.initialCapital ?? null} />
        </div>
      </Show>
      <div class="table-wrap">
        <table class="rb-table rb-dense" data-testid="wf-windows">
          <thead>
            <tr>
              <th>Window</th>
              <th>In sample</th>
              <th>Out of sample</th>
              <th>Chosen parameters</th>
              <th class="num">IS ROI</th>
              <th class="num">OOS ROI</th>
              <th class="num">IS Sharpe</th>
              <th class="num">OOS Sharpe</th>
              <th class="num">OOS trades</th>
              <th class="num">Efficiency</th>
              <th class="num">PBO</th>
            </tr>
          </thead>
          <tbody>
            <For each={r().windows}>
              {(w, i) => (
                <tr>
                  <td>{i() + 1}</td>
                  <td>
                    {formatDate(w.inSample.from)}
                    <br />– {formatDate(w.inSample.to)}
                  </td>
                  <td>
                    {formatDate(w.outOfSample.from)}
                    <br />– {formatDate(w.outOfSample.to)}
                  </td>
                  <td class="rb-wrap" style={{ 'min-width': '150px' }}>
                    <For each={keys()}>
                      {(k) => (
                        <div style={{ 'font-size': '0.85rem' }}>
                          {k} = {fmtParam(w.params[k])}
                        </div>
                      )}
                    </For>
                  </td>
                  <td class="num">{fmtMetric('roiPct', w.inSampleMetrics.roiPct)}</td>
                  <td class="num">{fmtMetric('roiPct', w.outOfSampleMetrics.roiPct)}</td>
                  <td class="num">{fmtMetric('sharpe', w.inSampleMetrics.sharpe)}</td>
                  <td class="num">{fmtMetric('sharpe', w.outOfSampleMetrics.sharpe)}</td>
                  <td class="num">{fmtMetric('totalTrades', w.outOfSampleMetrics.totalTrades)}</td>
                  <td class="num">{fmtShare(w.efficiency ?? null, 0)}</td>
                  <td class="num">{fmtShare(w.overfitting?.pbo ?? null, 0)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={driftRows().length > 0}>
        <div class="card">
          <strong>Parameter drift</strong>
          <p class="muted" style={{ margin: '2px 0 8px' }}>
            <For each={r().drift ?? []}>
              {(d) => (
                <span style={{ 'margin-right': '14px' }}>
                  {d.key}: spread {d.spread === null ? '—' : fmtShare(d.spread, 0)} of the searched range
                </span>
              )}
            </For>
          </p>
          <div class="rb-grid3">
            <For each={(r().drift ?? []).filter((d) => d.values.some((v) => typeof v === 'number'))}>
              {(d) => {
                const rows = () => d.values.map((v, i) => ({ window: i + 1, value: typeof v === 'number' ? v : null })).filter((x) => x.value !== null);
                return (
                  <PlotFigure
                    testId="wf-drift"
                    label={`${d.key} chosen per window`}
                    caption={<>{d.key} chosen per window.</>}
                    render={(Plot, width) =>
                      Plot.plot({
                        ...plotFrame(width, 150, 50),
                        x: { label: 'Window', ticks: r().windows.map((_, i) => i + 1), tickFormat: (v: number) => fmt(v, 0) },
                        y: { label: d.key, grid: true, domain: driftDomain(rows().map((x) => x.value as number)), tickFormat: (v: number) => fmtParam(v) },
                        marks: [Plot.lineY(rows(), { x: 'window', y: 'value', stroke: 'var(--accent)', strokeWidth: 2, marker: 'dot' })],
                      })
                    }
                  />
                );
              }}
            </For>
          </div>
          <p class="muted" style={{ margin: '6px 0 0', 'font-size': '0.85rem' }}>
            Flat lines mean stable parameters; jumps mean the optimum moves with the market.
          </p>
        </div>
      </Show>
      <Show when={settings()}>
        {(s) => (
          <p class="muted">
            {s().walkForward.mode} windows of {s().walkForward.inSampleDays} days in sample and {s().walkForward.outOfSampleDays} days out of sample, step{' '}
            {s().walkForward.stepDays ?? s().walkForward.outOfSampleDays} days; {s().walkForward.optimiser.method} search per window; {fmt(r().windows.length, 0)} windows.
          </p>
        )}
      </Show>
    </div>
  );
}
