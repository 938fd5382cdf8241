import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import type { Finding, TradeAnalysis } from '../../../core/analysis';
import { formatMetric } from '../../../core/metrics';
import { formatDateTime } from '../../format';
import { count, money, pct, price, ratio, signTone } from './format';
import { Stat } from './Stat';
import { StrategyParams } from './StrategyParams';
import { PLAN_TOOLS } from './tools';

const STATUS_TEXT: Record<Finding['status'], { label: string; tone: 'bad' | 'good' | 'neutral' }> = {
  fired: { label: 'Problem', tone: 'bad' },
  ok: { label: 'OK', tone: 'good' },
  'not-evaluated': { label: 'Not judged', tone: 'neutral' },
};

/** One rule of the diagnosis: its verdict, the evidence and the concrete change. */
function FindingCard(props: { finding: Finding; backtestSeq: number | null }) {
  const f = () => props.finding;
  const tool = () => (f().recommendation?.scope === 'account' ? { label: 'Open Paper trading', href: '/paper' } : PLAN_TOOLS['preset-editor']);
  return (
    <article class="an-finding" data-status={f().status} data-rule={f().rule} data-testid="finding">
      <span class="an-badge" data-tone={STATUS_TEXT[f().status].tone}>
        {STATUS_TEXT[f().status].label}
      </span>
      <h3>{f().title}</h3>
      <p class="muted">{f().detail}</p>
      <Show when={f().recommendation}>
        {(r) => (
          <>
            <p class="an-rec" data-testid="recommendation">
              → {r().text}
            </p>
            <p class="row" style={{ gap: '6px' }}>
              <Show when={r().scope !== null}>
                <A class="btn" href={tool().href}>
                  {tool().label}
                </A>
              </Show>
              <Show when={r().scope === 'strategy'}>
                <A class="btn" href={`${PLAN_TOOLS.optimiser.href}${props.backtestSeq === null ? '' : `&backtest=${props.backtestSeq}`}&param=${encodeURIComponent(r().parameter ?? '')}`}>
                  Optimise {r().parameter}
                </A>
              </Show>
            </p>
          </>
        )}
      </Show>
    </article>
  );
}

const SAMPLE_ROWS = 50;

/** The trade analysis: diagnosis first, then counts and results, distances per direction, the sample and the strategy. */
export function TradeAnalysisView(props: { analysis: TradeAnalysis; backtestSeq: number | null }) {
  const a = () => props.analysis;
  const [all, setAll] = createSignal(false);
  const rows = () => (all() ? a().sample : a().sample.slice(0, SAMPLE_ROWS));
  const fired = () => a().diagnosis.filter((f) => f.status === 'fired').map((f) => f.recommendation?.parameter ?? '');
  return (
    <div class="an-stack" data-testid="trade-analysis">
      <section aria-labelledby="diag-title">
        <h2 id="diag-title">Stop and target diagnosis</h2>
        <Show when={a().sampleSize > 0} fallback={<p class="muted" data-testid="analysis-empty">No trade matches these filters.</p>}>
          <div class="an-findings">
            <For each={a().diagnosis}>{(f) => <FindingCard finding={f} backtestSeq={props.backtestSeq} />}</For>
          </div>
        </Show>
      </section>

      <section aria-labelledby="counts-title">
        <h2 id="counts-title">Trades and results</h2>
        <div class="an-stats">
          <Stat label="Open" value={count(a().counts.OPEN)} testId="count-open" />
          <Stat label="Closed" value={count(a().counts.CLOSED)} testId="count-closed" />
          <Stat label="Cancelled" value={count(a().counts.CANCELLED)} testId="count-cancelled" />
          <Stat label="In the sample" value={`${count(a().sampleSize)} of ${count(a().matching)}`} testId="sample-size" />
          <Stat label="Win rate (closed)" value={formatMetric('winRate', a().closed.winRate)} testId="closed-win-rate" />
          <Stat label="Profit factor" value={formatMetric('profitFactor', a().closed.profitFactor, a().closed.metrics)} />
          <Stat label="P&L (closed)" value={money(a().closed.totalPnl)} tone={signTone(a().closed.totalPnl)} testId="closed-pnl" />
          <Stat label="Median ATR" value={pct(a().typicalMove.medianAtrPct)} title="The typical move of one bar: the ATR of each trade's signal bar in % of its close" />
          <Stat label="Median MFE" value={pct(a().typicalMove.medianMfePct)} title="How far closed trades went in their favour" />
          <Stat label="Median MAE" value={pct(a().typicalMove.medianMaePct)} title="How far closed trades went against them" />
        </div>
        <Show when={a().typicalMove.tradesWithCandles === 0 && a().sampleSize > 0}>
          <p class="muted">
            No stored candles of {a().timeframe ?? 'the trades’ timeframe'} cover these trades, so the typical move and how far trades went are not measured. Download or
            import them on the <A href="/markets">Markets</A> page.
          </p>
        </Show>
      </section>

      <div class="an-grid">
        <section aria-labelledby="dir-title">
          <h2 id="dir-title">Distances per direction</h2>
          <div class="table-wrap" tabindex="0" role="region" aria-label="Distances per direction">
            <table class="an-table" data-testid="direction-levels">
              <thead>
                <tr>
                  <th>Direction</th>
                  <th class="num">Trades</th>
                  <th class="num">Avg target</th>
                  <th class="num">Avg stop</th>
                  <th class="num">Reward/risk</th>
                </tr>
              </thead>
              <tbody>
                <For each={a().byDirection}>
                  {(d) => (
                    <tr>
                      <td>{d.direction}</td>
                      <td class="num">{count(d.trades)}</td>
                      <td class="num">{pct(d.avgTargetPct)}</td>
                      <td class="num">{pct(d.avgStopPct)}</td>
                      <td class="num">{ratio(d.rewardRisk)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </section>
        <section aria-labelledby="strategy-title">
          <h2 id="strategy-title">Strategy parameters</h2>
          <div class="card">
            <StrategyParams strategy={a().strategy} highlight={fired()} />
          </div>
        </section>
      </div>

      <section aria-labelledby="sample-title">
        <h2 id="sample-title">Sample, newest first</h2>
        <Show when={a().sample.length > 0} fallback={<p class="muted">No trade in the sample.</p>}>
          <div class="table-wrap an-scroll" tabindex="0" role="region" aria-labelledby="sample-title">
            <table class="an-table an-compact" data-testid="sample-table">
              <thead>
                <tr>
                  <th>Opened</th>
                  <th>Symbol</th>
                  <th>Direction</th>
                  <th class="num">Entry</th>
                  <th class="num">Target (distance)</th>
                  <th class="num">Stop (distance)</th>
                  <th class="num">R:R</th>
                  <th>Exit</th>
                  <th class="num">P&amp;L</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(r) => (
                    <tr title={r.id}>
                      <td>{formatDateTime(r.entryTime)}</td>
                      <td>{r.symbol}</td>
                      <td>{r.direction}</td>
                      <td class="num">{price(r.entryPrice)}</td>
                      <td class="num">
                        {price(r.target)}
                        <span class="an-sub">{pct(r.targetPct)}</span>
                      </td>
                      <td class="num">
                        {price(r.stop)}
                        <span class="an-sub">{pct(r.stopPct)}</span>
                      </td>
                      <td class="num">{ratio(r.rewardRisk)}</td>
                      <td>{r.status === 'CLOSED' ? (r.exitReason ?? 'closed') : r.status === 'OPEN' ? 'open' : 'cancelled'}</td>
                      <td class={`num ${signTone(r.pnl) === 'good' ? 'pnl-up' : signTone(r.pnl) === 'bad' ? 'pnl-down' : ''}`}>{money(r.pnl)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={a().sample.length > SAMPLE_ROWS}>
            <p>
              <button type="button" class="btn" onClick={() => setAll(!all())}>
                {all() ? `Show the first ${SAMPLE_ROWS}` : `Show all ${count(a().sample.length)} trades of the sample`}
              </button>
            </p>
          </Show>
        </Show>
      </section>
    </div>
  );
}
