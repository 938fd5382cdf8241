import { createMemo, createSignal, For, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { backtestBest, type OptimisationRunRecord } from '../../../app/robustness';
import { fromRecordEval, type OptimisationRunSettings } from '../../../app/robustness-runner';
import { resolveRequestStrategy } from '../../../core/backtest/request';
import { dsrVerdict, heatmap, paramProfiles, pboVerdict, stabilityOf } from '../../../core/robustness/analysis';
import { resolveSpace, type ParamDim } from '../../../core/robustness/param-space';
import type { Evaluation } from '../../../core/robustness';
import { PlotFigure, plotFrame } from './PlotFigure';
import { Verdict } from './Verdict';
import { fmt, fmtMetric, fmtParam, fmtShare } from './format';

const COLUMNS: Array<{ key: string; label: string }> = [
  { key: 'score', label: 'Score' },
  { key: 'roiPct', label: 'ROI' },
  { key: 'sharpe', label: 'Sharpe' },
  { key: 'sqn', label: 'SQN' },
  { key: 'profitFactor', label: 'Profit factor' },
  { key: 'calmar', label: 'Calmar' },
  { key: 'maxDrawdownPct', label: 'Max DD' },
  { key: 'totalTrades', label: 'Trades' },
  { key: 'winRate', label: 'Win rate' },
];
const PAGE = 50;

/** An optimisation's result: overfitting verdicts, hold-out, heatmap, stability and the sortable results table. */
export function OptimisationResult(props: { run: OptimisationRunRecord }) {
  const navigate = useNavigate();
  const [queueError, setQueueError] = createSignal<string | null>(null);
  const runBest = () => {
    setQueueError(null);
    backtestBest(props.run.id).then(
      (seq) => navigate(`/backtests/${seq}`),
      (e: unknown) => setQueueError(e instanceof Error ? e.message : String(e)),
    );
  };
  const settings = () => props.run.config as unknown as OptimisationRunSettings | undefined;
  const dims = createMemo<ParamDim[]>(() => {
    const s = settings();
    if (!s) return [];
    try {
      return resolveSpace(resolveRequestStrategy(s.data.strategy).strategy, props.run.space);
    } catch {
      return [];
    }
  });
  /** A parameter's name as the strategy labels it (the key when the strategy does not know it). */
  const labelOf = (key: string) => dims().find((d) => d.key === key)?.spec.label ?? key;
  // A stored evaluation never changes: the ones already read keep their objects when the run's
  // record is read again (every save of a running sweep), so the table redraws only new rows.
  let known = new Map<number, Evaluation>();
  const evals = createMemo(() => {
    const next = new Map<number, Evaluation>();
    const out = props.run.evaluations.map((r) => {
      const e = known.get(r.index ?? 0) ?? fromRecordEval(r);
      next.set(e.index, e);
      return e;
    });
    known = next;
    return out;
  });
  // The charts are drawn once the run has ended: redrawing them on every save of a running sweep
  // would hold the main thread for hundreds of milliseconds each time.
  const ended = () => props.run.status !== 'RUNNING' && props.run.status !== 'PENDING';
  const best = createMemo(() => (props.run.best ? fromRecordEval(props.run.best) : null));
  const bestIndex = () => best()?.index ?? -1;
  const stability = createMemo(() => stabilityOf(dims(), evals(), best()));
  const o = () => props.run.overfitting ?? {};
  const [xKey, setXKey] = createSignal<string | null>(null);
  const [yKey, setYKey] = createSignal<string | null>(null);
  const x = () => xKey() ?? dims()[0]?.key ?? '';
  const y = () => yKey() ?? dims()[1]?.key ?? dims()[0]?.key ?? '';
  const cells = createMemo(() => (ended() && dims().length >= 2 ? heatmap(evals(), x(), y()) : []));
  const profiles = createMemo(() => (ended() ? paramProfiles(dims(), evals()) : []));
  const [sortKey, setSortKey] = createSignal('score');
  const [desc, setDesc] = createSignal(true);
  const [shown, setShown] = createSignal(PAGE);
  const sorted = createMemo(() => {
    const k = sortKey();
    const val = (e: ReturnType<typeof evals>[number]): number | null => {
      if (k === 'score') return e.score;
      if (k === 'index') return e.index;
      if (e.params[k] !== undefined) return typeof e.params[k] === 'number' ? (e.params[k] as number) : null;
      const v = e.metrics?.[k as keyof NonNullable<typeof e.metrics>];
      return typeof v === 'number' ? v : null;
    };
    const sign = desc() ? -1 : 1;
    return [...evals()].sort((a, b) => {
      const va = val(a);
      const vb = val(b);
      if (va === null && vb === null) return a.index - b.index;
      if (va === null) return 1;
      if (vb === null) return -1;
      return sign * (va - vb) || a.index - b.index;
    });
  });
  const sortBy = (k: string) => {
    if (sortKey() === k) setDesc(!desc());
    else {
      setSortKey(k);
      setDesc(k !== 'maxDrawdownPct' && k !== 'index');
    }
  };
  const aria = (k: string) => (sortKey() === k ? (desc() ? 'descending' : 'ascending') : 'none');
  const holdout = () => (props.run.holdout ? fromRecordEval(props.run.holdout) : null);
  const dsr = () => {
    const v = o().dsr;
    return typeof v === 'number' ? { dsr: v, sr0: o().sr0 ?? NaN, z: NaN } : null;
  };

  return (
    <div class="rb-stack" data-testid="opt-result">
      <Show when={props.run.status === 'COMPLETED'}>
        <div class="rb-grid3">
          <Verdict
            testId="pbo-verdict"
            title="Probability of Backtest Overfitting"
            value={fmtShare(o().pbo ?? null, 0)}
            verdict={pboVerdict(o().pbo ?? null).verdict}
            text={pboVerdict(o().pbo ?? null).text}
            explain="How often the best parameters in one half of the history rank in the bottom half on the other half (CSCV, Bailey et al. 2015)."
          />
          <Verdict
            testId="dsr-verdict"
            title="Deflated Sharpe Ratio"
            value={fmtShare(o().dsr ?? null, 1)}
            verdict={dsrVerdict(dsr()).verdict}
            text={dsrVerdict(dsr()).text}
            explain={`The best Sharpe ratio corrected for ${fmt(o().trials ?? null, 0)} trials, skew and fat tails (Bailey & López de Prado 2014).`}
          />
          <Verdict
            testId="stability-verdict"
            title="Parameter stability"
            value={stability().ratio === null ? '—' : fmtShare(stability().ratio, 0)}
            verdict={stability().verdict === 'plateau' ? 'good' : stability().verdict === 'slope' ? 'caution' : stability().verdict === 'spike' ? 'bad' : 'unknown'}
            text={stability().text}
            explain="How much of the best score's lead over the worst its neighbours (one step along one parameter) keep: a plateau survives small changes."
          />
        </div>
      </Show>

      <Show when={best()}>
        {(b) => (
          <div class="card" data-testid="opt-best">
            <strong>Best parameters</strong> (#{b().index + 1}):{' '}
            <For each={Object.entries(b().params)}>
              {([k, v]) => (
                <span class="badge" style={{ 'margin-right': '6px' }}>
                  {k} = {fmtParam(v)}
                </span>
              )}
            </For>
            <div class="muted" style={{ 'margin-top': '6px' }}>
              {props.run.objective} {fmt(b().score)} · ROI {fmtMetric('roiPct', b().metrics?.roiPct)} · Sharpe {fmtMetric('sharpe', b().metrics?.sharpe)} · max drawdown{' '}
              {fmtMetric('maxDrawdownPct', b().metrics?.maxDrawdownPct)} · {fmtMetric('totalTrades', b().metrics?.totalTrades)} trades
            </div>
            <Show when={props.run.status === 'COMPLETED'}>
              <div class="row" style={{ 'margin-top': '8px' }}>
                <button type="button" class="btn primary" onClick={runBest}>
                  Backtest the best parameters
                </button>
                <Show when={queueError()}>
                  <span class="rb-error" role="alert">
                    {queueError()}
                  </span>
                </Show>
              </div>
            </Show>
            <Show when={holdout()}>
              {(h) => (
                <div data-testid="opt-holdout" style={{ 'margin-top': '6px' }}>
                  <strong>Hold-out</strong> (never searched): ROI {fmtMetric('roiPct', h().metrics?.roiPct)} · Sharpe {fmtMetric('sharpe', h().metrics?.sharpe)} · max drawdown{' '}
                  {fmtMetric('maxDrawdownPct', h().metrics?.maxDrawdownPct)} · {fmtMetric('totalTrades', h().metrics?.totalTrades)} trades
                </div>
              )}
            </Show>
          </div>
        )}
      </Show>

      <Show when={!ended() && evals().length > 0}>
        <p class="muted" data-testid="opt-charts-pending" style={{ margin: '0' }}>
          The heatmap and the parameter profiles are drawn when the run ends; the table below fills in as parameter sets are evaluated.
        </p>
      </Show>

      <Show when={ended() && dims().length >= 2 && cells().length > 0}>
        <div class="card">
          <div class="row" style={{ 'justify-content': 'space-between' }}>
            <strong>Objective heatmap</strong>
            <div class="row">
              <label class="rb-field" style={{ 'flex-direction': 'row', 'align-items': 'center', gap: '6px' }}>
                <span>X</span>
                <select value={x()} onChange={(e) => setXKey(e.currentTarget.value)} aria-label="Heatmap X parameter">
                  <For each={dims()}>{(d) => <option value={d.key}>{d.spec.label}</option>}</For>
                </select>
              </label>
              <label class="rb-field" style={{ 'flex-direction': 'row', 'align-items': 'center', gap: '6px' }}>
                <span>Y</span>
                <select value={y()} onChange={(e) => setYKey(e.currentTarget.value)} aria-label="Heatmap Y parameter">
                  <For each={dims()}>{(d) => <option value={d.key}>{d.spec.label}</option>}</For>
                </select>
              </label>
            </div>
          </div>
          <PlotFigure
            testId="opt-heatmap"
            label={`Heatmap of the objective over ${labelOf(x())} and ${labelOf(y())}`}
            caption="Each cell: the best score among the evaluated sets with these two values (grey: none scored). A broad warm area is a plateau; a lone hot cell is a spike."
            render={(Plot, width) =>
              Plot.plot({
                ...plotFrame(Math.min(width, 760), Math.max(180, Math.min(420, 44 * new Set(cells().map((c) => String(c.y))).size + 60)), 70),
                marginBottom: 40,
                padding: 0.04,
                x: { label: labelOf(x()), type: 'band', tickFormat: (v: unknown) => fmtParam(v as number) },
                y: { label: labelOf(y()), type: 'band', tickFormat: (v: unknown) => fmtParam(v as number) },
                color: { type: 'diverging', scheme: 'RdYlGn', pivot: 0, legend: true, label: props.run.objective },
                marks: [
                  Plot.cell(cells(), { x: 'x', y: 'y', fill: (c: { score: number | null }) => c.score ?? undefined, inset: 0.5 }),
                  Plot.text(cells(), { x: 'x', y: 'y', text: (c: { score: number | null }) => (c.score === null ? '—' : fmt(c.score)), fill: 'black', fontSize: 11 }),
                ],
              })
            }
          />
        </div>
      </Show>

      <Show when={ended() && profiles().length > 0 && evals().length > 1}>
        <div class="rb-grid3">
          <For each={profiles()}>
            {(p) => (
              <div class="card">
                <PlotFigure
                  testId="opt-profile"
                  label={`Score along ${labelOf(p.key)}`}
                  caption={<>{labelOf(p.key)}: best (solid) and mean (dashed) score per value.</>}
                  render={(Plot, width) => {
                    const pts = p.points.filter((q) => typeof q.value === 'number');
                    const data = (pts.length > 0 ? pts : p.points).map((q) => ({ v: typeof q.value === 'number' ? q.value : String(q.value), best: q.best, mean: q.mean }));
                    return Plot.plot({
                      ...plotFrame(width, 160, 50),
                      x: { label: labelOf(p.key), ...(pts.length > 0 ? {} : { type: 'point' as const }) },
                      y: { label: 'Score', grid: true },
                      marks: [
                        Plot.lineY(data, { x: 'v', y: 'best', stroke: 'var(--accent)', strokeWidth: 2 }),
                        Plot.dot(data, { x: 'v', y: 'best', fill: 'var(--accent)', r: 3 }),
                        Plot.lineY(data, { x: 'v', y: 'mean', stroke: 'var(--muted)', strokeDasharray: '4 3' }),
                      ],
                    });
                  }}
                />
              </div>
            )}
          </For>
        </div>
      </Show>

      <div class="table-wrap rb-scroll">
        <table class="rb-table rb-dense" data-testid="opt-table">
          <thead>
            <tr>
              <th aria-sort={aria('index')}>
                <button type="button" onClick={() => sortBy('index')}>
                  #
                </button>
              </th>
              <For each={dims()}>
                {(d) => (
                  <th class="num" aria-sort={aria(d.key)}>
                    <button type="button" onClick={() => sortBy(d.key)}>
                      {d.spec.label}
                    </button>
                  </th>
                )}
              </For>
              <For each={COLUMNS}>
                {(c) => (
                  <th class="num" aria-sort={aria(c.key)}>
                    <button type="button" onClick={() => sortBy(c.key)} data-sort={c.key}>
                      {c.label}
                    </button>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={sorted().slice(0, shown())}>
              {(e) => (
                <tr class={e.index === bestIndex() ? 'rb-best' : ''} data-index={e.index} title={e.error ?? undefined}>
                  <td>
                    {e.index + 1}
                    {e.index === bestIndex() ? ' ★ best' : ''}
                  </td>
                  <For each={dims()}>{(d) => <td class="num">{fmtParam(e.params[d.key])}</td>}</For>
                  <td class="num">{e.error ? 'refused' : fmt(e.score)}</td>
                  <For each={COLUMNS.slice(1)}>{(c) => <td class="num">{fmtMetric(c.key, e.metrics?.[c.key as keyof NonNullable<typeof e.metrics>] as number | null | undefined)}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={sorted().length > shown()}>
        <div class="row">
          <button type="button" class="btn" onClick={() => setShown(shown() + PAGE)}>
            Show {Math.min(PAGE, sorted().length - shown())} more of {sorted().length.toLocaleString('en-US')}
          </button>
        </div>
      </Show>
    </div>
  );
}
