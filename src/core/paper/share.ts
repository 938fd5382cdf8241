/**
 * The bot's performance (the SYSTEM trades: one trade of a fixed size on every signal) as a
 * summary, a cumulative P&L curve, and a shareable snapshot: a JSON document and a single,
 * self-contained HTML file (data, styles and the chart inline as SVG; no script, nothing fetched).
 */
import { formatValue } from '../metrics/format';
import { formatDateTime } from '../util/format-time';
import { closedInOrder, overlayGeometry, type CurvePoint } from './curves';
import { Money, moneyString, type DecimalString } from './money';
import type { PaperTrade } from './types';

export interface BotPerformance {
  /** Closed trades. */
  trades: number;
  openTrades: number;
  wins: number;
  losses: number;
  /** wins / closed trades; null without any. */
  winRate: number | null;
  totalPnl: DecimalString;
  totalFees: DecimalString;
  /** Mean P&L of a closed trade; null without any. */
  averagePnl: DecimalString | null;
  best: DecimalString | null;
  worst: DecimalString | null;
  /** Cumulative realised P&L after each closed trade, by exit time (ties by entry time, then id). */
  curve: Array<{ time: number; pnl: DecimalString }>;
}

/** The summary and curve of a set of trades (decimal sums). */
export function botPerformance(trades: readonly PaperTrade[]): BotPerformance {
  const closed = closedInOrder(trades);
  let total = new Money(0);
  let fees = new Money(0);
  let wins = 0;
  let losses = 0;
  let best: Money | null = null;
  let worst: Money | null = null;
  const curve: BotPerformance['curve'] = [];
  for (const t of closed) {
    const p = new Money(t.profitLoss!);
    total = total.plus(p);
    if (p.gt(0)) wins++;
    else if (p.lt(0)) losses++;
    if (best === null || p.gt(best)) best = p;
    if (worst === null || p.lt(worst)) worst = p;
    curve.push({ time: t.exitTime!, pnl: moneyString(total) });
  }
  for (const t of trades) fees = fees.plus(new Money(t.fees));
  return {
    trades: closed.length,
    openTrades: trades.filter((t) => t.status === 'OPEN').length,
    wins,
    losses,
    winRate: closed.length > 0 ? wins / closed.length : null,
    totalPnl: moneyString(total),
    totalFees: moneyString(fees),
    averagePnl: closed.length > 0 ? moneyString(total.div(closed.length)) : null,
    best: best === null ? null : moneyString(best),
    worst: worst === null ? null : moneyString(worst),
    curve,
  };
}

/** A snapshot as shared: when it was taken, the summary and every trade. */
export interface BotSnapshot {
  format: 'candlelab-bot-performance';
  version: 1;
  /** When taken (UTC ms, market time). */
  takenAt: number;
  performance: BotPerformance;
  trades: PaperTrade[];
}

export function botSnapshot(trades: readonly PaperTrade[], takenAt: number): BotSnapshot {
  return { format: 'candlelab-bot-performance', version: 1, takenAt, performance: botPerformance(trades), trades: [...trades].sort((a, b) => b.entryTime - a.entryTime) };
}

/** The snapshot as JSON text (stable key order, two-space indent). */
export function botSnapshotJson(s: BotSnapshot): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

const esc = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const money = (v: DecimalString | null): string => (v === null ? '—' : formatValue('money', Number(v)));

/** The cumulative P&L curve as an inline SVG (width × height user units), with a zero line. */
export function curveSvg(curve: BotPerformance['curve'], width = 720, height = 220): string {
  const pad = 8;
  if (curve.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="No closed trade yet"></svg>`;
  const values = [0, ...curve.map((p) => Number(p.pnl))];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = (i: number) => pad + ((width - 2 * pad) * i) / Math.max(1, values.length - 1);
  const y = (v: number) => pad + (height - 2 * pad) * (1 - (v - lo) / span);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1];
  const label = `Cumulative P&L over ${curve.length} closed trades, from 0.00 to ${formatValue('money', last)}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}">` +
    `<line x1="${pad}" x2="${width - pad}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#999" stroke-dasharray="4 4"/>` +
    `<polyline fill="none" stroke="${last >= 0 ? '#15803d' : '#b91c1c'}" stroke-width="2" points="${points}"/>` +
    `</svg>`
  );
}

/** A cumulative P&L curve as curve points (for {@link overlayGeometry}). */
export function pnlPoints(curve: BotPerformance['curve']): CurvePoint[] {
  return curve.map((p) => ({ time: p.time, value: p.pnl }));
}

/** {@link overlayGeometry} as an inline SVG with a zero line; `label` names the chart for screen readers. */
export function overlaySvg(curves: ReadonlyArray<BotPerformance['curve']>, label: string, width = 720, height = 240): string {
  const g = overlayGeometry(curves.map(pnlPoints), { width, height });
  if (g === null) return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}: no closed trade"></svg>`;
  const lines = g.lines.map((l) => (l.points === '' ? '' : `<polyline fill="none" stroke="${l.color}" stroke-width="2" points="${l.points}"/>`)).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}">` +
    `<line x1="8" x2="${width - 8}" y1="${g.baselineY}" y2="${g.baselineY}" stroke="#999" stroke-dasharray="4 4"/>${lines}</svg>`
  );
}

/** The snapshot as one self-contained HTML page: summary, curve (SVG) and trades; no script. */
export function botSnapshotHtml(s: BotSnapshot): string {
  const p = s.performance;
  const stat = (id: string, label: string, value: string) => `<div class="stat"><span>${esc(label)}</span><strong data-stat="${id}">${esc(value)}</strong></div>`;
  const rows = s.trades
    .map(
      (t) =>
        `<tr><td>${esc(formatDateTime(t.entryTime))}</td><td>${esc(t.symbol)}</td><td>${t.direction}</td><td>${t.status}</td>` +
        `<td class="n">${esc(formatValue('money', Number(t.positionSize)))}</td><td class="n">${esc(money(t.profitLoss))}</td><td>${esc(t.exitReason ?? '')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Candlelab bot performance — ${esc(formatDateTime(s.takenAt))}</title>
<style>body{font:15px/1.4 system-ui,sans-serif;margin:24px;color:#111;background:#fff}h1{font-size:1.4rem}.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px}.stat{border:1px solid #ddd;border-radius:8px;padding:8px 10px;display:flex;flex-direction:column}.stat span{color:#555;font-size:.8rem}.stat strong{font-size:1.15rem;font-variant-numeric:tabular-nums}svg{width:100%;max-width:720px;height:auto;border:1px solid #ddd;border-radius:8px}.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}.n{text-align:right;font-variant-numeric:tabular-nums}</style>
</head><body>
<h1>Bot performance</h1>
<p>Every signal traded with a fixed size (SYSTEM trades). Snapshot taken ${esc(formatDateTime(s.takenAt))}.</p>
<div class="stats">${stat('trades', 'Closed trades', formatValue('int', p.trades))}${stat('open', 'Open trades', formatValue('int', p.openTrades))}${stat('winRate', 'Win rate', p.winRate === null ? '—' : formatValue('fraction-pct', p.winRate))}${stat('totalPnl', 'Total P&L', money(p.totalPnl))}${stat('averagePnl', 'Average P&L', money(p.averagePnl))}${stat('fees', 'Fees', money(p.totalFees))}</div>
<h2>Cumulative P&amp;L</h2>
${curveSvg(p.curve)}
<h2>Trades</h2>
<div class="wrap"><table><thead><tr><th>Entry</th><th>Symbol</th><th>Direction</th><th>Status</th><th class="n">Size</th><th class="n">P&amp;L</th><th>Exit</th></tr></thead><tbody>${rows}</tbody></table></div>
</body></html>
`;
}
