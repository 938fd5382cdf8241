import { createMemo, Show } from 'solid-js';
import { marketMarks, openPnlOf, snapshotTime, systemTrades } from '../../app/paper';
import { downloadText } from '../../app/download';
import { botPerformance, botSnapshot, botSnapshotHtml, botSnapshotJson, pnlPoints } from '../../core/paper/share';
import { CurveChart } from '../components/paper/CurveChart';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { sectionByPath } from '../components/SectionPage';
import { OpenPositionsTable } from '../components/paper/OpenPositionsTable';
import { pnlClass, TradeTable } from '../components/paper/TradeTable';
import { formatInt, formatMoney, formatPercent } from '../format';
import '../components/paper/paper.css';

/** The bot's own record: one trade of a fixed size on every signal (SYSTEM trades), and a shareable snapshot. */
export default function BotPerformancePage() {
  const section = sectionByPath('/bot-performance');
  const trades = systemTrades();
  const marks = marketMarks();
  const perf = createMemo(() => botPerformance(trades() ?? []));
  const open = () => (trades() ?? []).filter((t) => t.status === 'OPEN');
  const openPnl = () => open().reduce((s, t) => s + Number(openPnlOf(t, marks()?.[t.symbol]?.price ?? null)), 0);
  const stamp = () => new Date(snapshotTime()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const share = (kind: 'html' | 'json') => {
    const snap = botSnapshot(trades() ?? [], snapshotTime());
    if (kind === 'html') downloadText(`candlelab-bot-performance-${stamp()}.html`, botSnapshotHtml(snap), 'text/html;charset=utf-8');
    else downloadText(`candlelab-bot-performance-${stamp()}.json`, botSnapshotJson(snap), 'application/json');
  };
  const stat = (label: string, value: string, testid: string, tone?: string | null) => (
    <div class="card paper-stat">
      <span class="label">{label}</span>
      <span class="value num" classList={pnlClass(tone)} data-testid={testid}>
        {value}
      </span>
    </div>
  );
  return (
    <section aria-labelledby="page-title" class="paper-page">
      <PageHeader title={section.title} subtitle={section.holds} />
      <Show when={(trades()?.length ?? 0) > 0} fallback={
          <EmptyState section={section}>
            <p>{trades() === undefined ? 'Reading trades…' : 'No system trade yet: every signal of the live stream is traded with a fixed size once the stream runs.'}</p>
          </EmptyState>
        }>
        <div class="cards" data-testid="system-stats">
          {stat('Closed trades', formatInt(perf().trades), 'sys-trades')}
          {stat('Win rate', formatPercent(perf().winRate, 2), 'sys-win-rate')}
          {stat('Total P&L', formatMoney(perf().totalPnl), 'sys-total-pnl', perf().totalPnl)}
          {stat('Average P&L', formatMoney(perf().averagePnl), 'sys-average-pnl', perf().averagePnl)}
          {stat('Open trades', formatInt(perf().openTrades), 'sys-open')}
          {stat('Open P&L', formatMoney(openPnl()), 'sys-open-pnl', String(openPnl()))}
        </div>
        <div class="paper-toolbar">
          <button type="button" class="btn primary" onClick={() => share('html')} data-testid="share-html">
            Share as HTML
          </button>
          <button type="button" class="btn" onClick={() => share('json')} data-testid="share-json">
            Share as JSON
          </button>
          <span class="muted">One file with the numbers and the chart inside; it opens in any browser, offline.</span>
        </div>
        <h2>Cumulative P&L</h2>
        <div class="card">
          <CurveChart curves={[pnlPoints(perf().curve)]} label={`Cumulative P&L over ${formatInt(perf().trades)} closed trades`} testid="sys-curve" />
        </div>
        <h2>Open positions</h2>
        <Show when={open().length > 0} fallback={<p class="muted">No open position.</p>}>
          <OpenPositionsTable trades={open()} marks={marks()} caption="Open system positions" testid="sys-open-positions" />
        </Show>
        <h2>Trades</h2>
        <TradeTable trades={(trades() ?? []).slice(0, 100)} testid="sys-trades-table" caption="System trades, newest first" />
        <Show when={(trades()?.length ?? 0) > 100}>
          <p class="muted">The newest 100 of {formatInt(trades()!.length)} trades; the shared files hold them all.</p>
        </Show>
      </Show>
    </section>
  );
}
