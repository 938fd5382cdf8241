import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { PerformanceAnalysis } from '../../../core/analysis';
import { formatMetric, type Metrics } from '../../../core/metrics';
import { formatDateTime } from '../../format';
import { count, money, pct, pnlClass, price, ratio, signTone } from './format';
import { Stat } from './Stat';
import { SymbolResultsTable } from './SymbolResultsTable';
import { StrategyParams } from './StrategyParams';
import { PLAN_TOOLS, toolHref } from './tools';

const ASSESSMENT_LABEL = { good: 'Good', warn: 'Watch', bad: 'Problem' } as const;

function MetricRow(props: { label: string; m: Metrics }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td class="num">{formatMetric('totalTrades', props.m.totalTrades)}</td>
      <td class="num">{formatMetric('winRate', props.m.winRate)}</td>
      <td class="num">{formatMetric('profitFactor', props.m.profitFactor, props.m)}</td>
      <td class="num">{formatMetric('payoffRatio', props.m.payoffRatio)}</td>
      <td class="num">{formatMetric('expectancy', props.m.expectancy)}</td>
      <td class={pnlClass(props.m.totalPnl)}>{formatMetric('totalPnl', props.m.totalPnl)}</td>
    </tr>
  );
}

/** The performance analysis: statistics, recommendations and the action plan with links to the tools. */
export function PerformanceView(props: { analysis: PerformanceAnalysis; backtestSeq: number | null }) {
  const p = () => props.analysis;
  const m = () => p().metrics;
  return (
    <div class="an-stack" data-testid="performance-analysis">
      <section aria-labelledby="recs-title">
        <h2 id="recs-title">Recommendations</h2>
        <div class="card">
          <ul class="an-recs" data-testid="recommendations">
            <For each={p().recommendations}>
              {(r) => (
                <li data-topic={r.topic} data-assessment={r.assessment}>
                  <span class="an-badge" data-tone={r.assessment}>
                    {ASSESSMENT_LABEL[r.assessment]}
                  </span>
                  <span>{r.text}</span>
                </li>
              )}
            </For>
          </ul>
        </div>
      </section>

      <section aria-labelledby="plan-title">
        <h2 id="plan-title">Action plan</h2>
        <div class="card">
          <ol class="an-plan" data-testid="action-plan">
            <For each={p().actionPlan}>
              {(s) => (
                <li data-tool={s.tool}>
                  {s.text}
                  <A class="btn" href={toolHref(s.tool, props.backtestSeq)}>
                    {PLAN_TOOLS[s.tool].label}
                  </A>
                </li>
              )}
            </For>
          </ol>
        </div>
      </section>

      <section aria-labelledby="stats-title">
        <h2 id="stats-title">Trade statistics</h2>
        <div class="an-stats">
          <Stat label="Trades" value={count(p().counts.total)} />
          <Stat label="Closed" value={count(p().counts.CLOSED)} />
          <Stat label="Open" value={count(p().counts.OPEN)} />
          <Stat label="Wins / losses / even" value={`${count(m().wins)} / ${count(m().losses)} / ${count(m().breakeven)}`} />
          <Stat label="Win rate" value={formatMetric('winRate', m().winRate)} testId="perf-win-rate" />
          <Stat label="Profit factor" value={formatMetric('profitFactor', m().profitFactor, m())} />
          <Stat label="Reward/risk" value={formatMetric('payoffRatio', m().payoffRatio)} />
          <Stat label="Expectancy" value={formatMetric('expectancy', m().expectancy)} tone={signTone(m().expectancy)} />
          <Stat label="Average win" value={formatMetric('avgWin', m().avgWin)} />
          <Stat label="Average loss" value={formatMetric('avgLoss', m().avgLoss)} />
          <Stat label="Largest win" value={formatMetric('largestWin', m().largestWin)} />
          <Stat label="Largest loss" value={formatMetric('largestLoss', m().largestLoss)} />
          <Stat label="Total P&L" value={formatMetric('totalPnl', m().totalPnl)} tone={signTone(m().totalPnl)} testId="perf-pnl" />
        </div>
      </section>

      <div class="an-grid">
        <section aria-labelledby="bydir-title">
          <h2 id="bydir-title">By direction</h2>
          <div class="table-wrap" tabindex="0" role="region" aria-label="Statistics by direction">
            <table class="an-table">
              <thead>
                <tr>
                  <th />
                  <th class="num">Trades</th>
                  <th class="num">Win rate</th>
                  <th class="num">PF</th>
                  <th class="num">R:R</th>
                  <th class="num">Expectancy</th>
                  <th class="num">P&amp;L</th>
                </tr>
              </thead>
              <tbody>
                <MetricRow label="All" m={m()} />
                <For each={p().byDirection}>{(d) => <MetricRow label={d.direction} m={d.metrics} />}</For>
              </tbody>
            </table>
          </div>
        </section>
        <section aria-labelledby="top-title">
          <h2 id="top-title">Top symbols</h2>
          <Show when={p().topSymbols.length > 0} fallback={<p class="muted">No closed trade yet.</p>}>
            <SymbolResultsTable rows={p().topSymbols} label="Top symbols" />
          </Show>
        </section>
      </div>

      <section aria-labelledby="signals-title">
        <h2 id="signals-title">Signals</h2>
        <Show when={p().signals} fallback={<p class="muted">This source keeps no signals.</p>}>
          {(s) => (
            <div class="an-grid">
              <div class="card">
                <p>
                  <strong class="num">{count(s().total)}</strong> signals · bullish <strong class="num">{count(s().bullish)}</strong> · bearish{' '}
                  <strong class="num">{count(s().bearish)}</strong>
                </p>
                <div class="an-hbar" role="list" aria-label="Signals by confidence level">
                  <For each={s().byLevel}>
                    {(l) => (
                      <>
                        <span role="listitem">{l.level.replace('_', ' ').toLowerCase()}</span>
                        <span class="an-hbar-track" aria-hidden="true">
                          <span class="an-hbar-fill" style={{ display: 'block', width: `${s().total > 0 ? (l.count / s().total) * 100 : 0}%` }} />
                        </span>
                        <span class="num">{count(l.count)}</span>
                      </>
                    )}
                  </For>
                </div>
                <Show when={s().topSymbols.length > 0}>
                  <p class="muted" style={{ 'margin-top': '10px' }}>
                    Most signals: {s().topSymbols.map((x) => `${x.symbol} ${count(x.count)}`).join(' · ')}
                  </p>
                </Show>
              </div>
              <Show when={s().last.length > 0}>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Last signals">
                  <table class="an-table">
                    <caption class="visually-hidden">Last signals</caption>
                    <thead>
                      <tr>
                        <th>Last signals</th>
                        <th>Symbol</th>
                        <th>Direction</th>
                        <th class="num">Confidence</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={s().last}>
                        {(x) => (
                          <tr>
                            <td>{formatDateTime(x.time)}</td>
                            <td>{x.symbol}</td>
                            <td>{x.direction}</td>
                            <td class="num">
                              {ratio(x.confidence)} <span class="muted">{x.level.replace('_', ' ').toLowerCase()}</span>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            </div>
          )}
        </Show>
      </section>

      <section aria-labelledby="last-title">
        <h2 id="last-title">Last closed trades</h2>
        <Show when={p().lastClosed.length > 0} fallback={<p class="muted">No closed trade yet.</p>}>
          <div class="table-wrap" tabindex="0" role="region" aria-label="Last closed trades">
            <table class="an-table" data-testid="last-closed">
              <thead>
                <tr>
                  <th>Trade</th>
                  <th>Closed</th>
                  <th>Symbol</th>
                  <th>Direction</th>
                  <th class="num">Entry</th>
                  <th class="num">Exit</th>
                  <th>Reason</th>
                  <th class="num">P&amp;L</th>
                  <th class="num">P&amp;L %</th>
                </tr>
              </thead>
              <tbody>
                <For each={p().lastClosed}>
                  {(r) => (
                    <tr>
                      <td>{r.id}</td>
                      <td>{formatDateTime(r.exitTime)}</td>
                      <td>{r.symbol}</td>
                      <td>{r.direction}</td>
                      <td class="num">{price(r.entryPrice)}</td>
                      <td class="num">{price(r.exitPrice)}</td>
                      <td>{r.exitReason ?? '—'}</td>
                      <td class={pnlClass(r.pnl)}>{money(r.pnl)}</td>
                      <td class={pnlClass(r.pnl)}>{pct(r.pnlPct)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>

      <section aria-labelledby="config-title">
        <h2 id="config-title">Strategy configuration</h2>
        <div class="card">
          <StrategyParams strategy={p().strategy} />
        </div>
      </section>
    </div>
  );
}
