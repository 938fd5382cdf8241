/** The trade and performance analyses as plain text for the terminal. */
import type { Finding } from '../core/analysis/diagnosis';
import type { PerformanceAnalysis, PlanTool } from '../core/analysis/performance';
import type { AnalysisStrategy } from '../core/analysis/source';
import type { TradeAnalysis } from '../core/analysis/trade-analysis';
import type { TradeQuery } from '../core/analysis/query';
import { formatMetric, formatPrice, formatValue, type Metrics } from '../core/metrics';
import { showTime } from './inputs';

const pct = (x: number | null) => formatValue('pct', x);
const ratio = (x: number | null) => formatValue('ratio', x);
const money = (x: number | null) => formatValue('money', x);

/** Rows as aligned columns (numbers right-aligned), two spaces apart. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}\n`).join('');
}

function describeQuery(q: TradeQuery, from: number | null, to: number | null): string {
  const parts = [`status ${q.status}`];
  if (q.days !== null && to !== null) parts.push(`last ${q.days} days (${showTime(from as number)} → ${showTime(to)} UTC)`);
  else parts.push('every day');
  parts.push(q.symbol === null ? 'every symbol' : `symbol ${q.symbol}`);
  parts.push(q.limit === null ? 'every trade' : `sample of ${q.limit}`);
  return parts.join(' · ');
}

function strategyText(s: AnalysisStrategy | null): string {
  if (s === null) return 'Strategy: unknown (the file names none)\n';
  const params = Object.keys(s.params)
    .sort()
    .map((k) => `${k} ${String(s.params[k])}`);
  let text = `Strategy: ${s.name}${s.preset !== null && s.preset !== s.name ? ` (preset ${s.preset})` : ''}\n`;
  for (let i = 0; i < params.length; i += 4) text += `  ${params.slice(i, i + 4).join(' · ')}\n`;
  return text;
}

const MARK: Record<Finding['status'], string> = { fired: '[!]', ok: '[ok]', 'not-evaluated': '[-]' };

function findingText(f: Finding): string {
  let text = `${MARK[f.status]} ${f.title}\n      ${f.detail}\n`;
  if (f.recommendation) text += `      → ${f.recommendation.text}\n`;
  return text;
}

/** The trade analysis as text. */
export function formatTradeAnalysis(a: TradeAnalysis): string {
  let text = `Trade analysis — ${a.source}\n${describeQuery(a.query, a.from, a.to)}\n`;
  text += `Trades by status: OPEN ${a.counts.OPEN} · CLOSED ${a.counts.CLOSED} · CANCELLED ${a.counts.CANCELLED}\n`;
  text += `Sample: ${a.sampleSize} of ${a.matching} matching trades, newest first\n\n`;
  if (a.sample.length > 0) {
    text += table(
      ['trade', 'opened (UTC)', 'symbol', 'dir', 'status', 'entry', 'target', 'stop', 'target %', 'stop %', 'R:R'],
      a.sample.map((r) => [
        r.id,
        showTime(r.entryTime),
        r.symbol,
        r.direction,
        r.status,
        formatPrice(r.entryPrice),
        formatPrice(r.target),
        formatPrice(r.stop),
        pct(r.targetPct),
        pct(r.stopPct),
        ratio(r.rewardRisk),
      ]),
      [false, false, false, false, false, true, true, true, true, true, true],
    );
    text += '\n';
  }
  text += 'Per direction\n';
  text += table(
    ['direction', 'trades', 'avg target', 'avg stop', 'R:R'],
    a.byDirection.map((d) => [d.direction, String(d.trades), pct(d.avgTargetPct), pct(d.avgStopPct), ratio(d.rewardRisk)]),
    [false, true, true, true, true],
  );
  const m = a.typicalMove;
  text += `\nTypical move: ${
    m.tradesWithCandles === 0
      ? 'no candles (pass --candles to measure the ATR and how far trades went)'
      : `median ATR ${pct(m.medianAtrPct)} · median MFE ${pct(m.medianMfePct)} · median MAE ${pct(m.medianMaePct)} (candles cover ${m.tradesWithCandles} of ${a.sampleSize} trades)`
  }\n`;
  text += '\nDiagnosis\n';
  for (const f of a.diagnosis) text += findingText(f);
  const c = a.closed;
  text += `\nClosed trades: ${c.trades} · win rate ${formatMetric('winRate', c.winRate)} · profit factor ${formatMetric('profitFactor', c.profitFactor, c.metrics)} · P&L ${money(c.totalPnl)}\n\n`;
  text += strategyText(a.strategy);
  return text;
}

const TOOL_NAME: Record<PlanTool, string> = {
  optimiser: 'Robustness → Optimisation',
  'walk-forward': 'Robustness → Walk-forward',
  'monte-carlo': 'Robustness → Monte Carlo',
  'preset-editor': 'Settings → Strategy presets',
  backtests: 'Backtests',
  paper: 'Paper trading',
};

function metricRow(label: string, m: Metrics): string[] {
  return [
    label,
    formatMetric('totalTrades', m.totalTrades),
    formatMetric('winRate', m.winRate),
    formatMetric('profitFactor', m.profitFactor, m),
    formatMetric('payoffRatio', m.payoffRatio),
    formatMetric('expectancy', m.expectancy),
    formatMetric('totalPnl', m.totalPnl),
  ];
}

/** The performance analysis as text. */
export function formatPerformance(p: PerformanceAnalysis): string {
  const m = p.metrics;
  let text = `Performance analysis — ${p.source}\n${describeQuery(p.query, p.from, p.to)}\n\n`;
  text += `Trades: ${p.counts.total} · closed ${p.counts.CLOSED} · open ${p.counts.OPEN} · cancelled ${p.counts.CANCELLED}\n`;
  text += `Closed: wins ${formatMetric('wins', m.wins)} · losses ${formatMetric('losses', m.losses)} · breakeven ${formatMetric('breakeven', m.breakeven)} · win rate ${formatMetric('winRate', m.winRate)}\n`;
  text += `Average win ${formatMetric('avgWin', m.avgWin)} · average loss ${formatMetric('avgLoss', m.avgLoss)} · largest win ${formatMetric('largestWin', m.largestWin)} · largest loss ${formatMetric('largestLoss', m.largestLoss)}\n`;
  text += `Profit factor ${formatMetric('profitFactor', m.profitFactor, m)} · reward/risk ${formatMetric('payoffRatio', m.payoffRatio)} · expectancy ${formatMetric('expectancy', m.expectancy)} · total P&L ${formatMetric('totalPnl', m.totalPnl)}\n\n`;
  text += table(
    ['', 'trades', 'win rate', 'profit factor', 'reward/risk', 'expectancy', 'P&L'],
    [metricRow('all', m), ...p.byDirection.map((d) => metricRow(d.direction, d.metrics))],
    [false, true, true, true, true, true, true],
  );
  if (p.topSymbols.length > 0) {
    text += '\nTop symbols\n';
    text += table(
      ['symbol', 'trades', 'win rate', 'P&L'],
      p.topSymbols.map((s) => [s.symbol, String(s.trades), formatValue('fraction-pct', s.winRate), money(s.totalPnl)]),
      [false, true, true, true],
    );
  }
  if (p.lastClosed.length > 0) {
    text += `\nLast ${p.lastClosed.length} closed trades\n`;
    text += table(
      ['trade', 'closed (UTC)', 'symbol', 'dir', 'entry', 'exit', 'reason', 'P&L', 'P&L %'],
      p.lastClosed.map((r) => [r.id, showTime(r.exitTime), r.symbol, r.direction, formatPrice(r.entryPrice), formatPrice(r.exitPrice), r.exitReason ?? '', money(r.pnl), pct(r.pnlPct)]),
      [false, false, false, false, true, true, false, true, true],
    );
  }
  const s = p.signals;
  text += '\nSignals\n';
  if (s === null) text += '  the file keeps no signals\n';
  else {
    text += `  ${s.total} signals · bullish ${s.bullish} · bearish ${s.bearish}\n`;
    text += `  by level: ${s.byLevel.map((l) => `${l.level} ${l.count}`).join(' · ')}\n`;
    if (s.topSymbols.length > 0) text += `  top symbols: ${s.topSymbols.map((x) => `${x.symbol} ${x.count}`).join(' · ')}\n`;
    if (s.last.length > 0) {
      text += table(
        ['time (UTC)', 'symbol', 'dir', 'confidence', 'level'],
        s.last.map((x) => [showTime(x.time), x.symbol, x.direction, formatValue('ratio', x.confidence), x.level]),
        [false, false, false, true, false],
      );
    }
  }
  text += `\n${strategyText(p.strategy)}`;
  text += '\nRecommendations\n';
  for (const r of p.recommendations) text += `  [${r.assessment}] ${r.text}\n`;
  text += '\nAction plan\n';
  for (const step of p.actionPlan) text += `  ${step.step}. ${step.text} (${TOOL_NAME[step.tool]})\n`;
  return text;
}
