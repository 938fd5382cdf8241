import { createMemo, For, Show } from 'solid-js';
import { marketMarks, openPnlOf, snapshotTime, systemTrades } from '../../app/paper';
import { downloadText } from '../../app/download';
import { botPerformance, botSnapshot, botSnapshotHtml, botSnapshotJson } from '../../core/paper/share';
import { CurveChart } from '../components/paper/CurveChart';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { sectionByPath } from '../components/SectionPage';
import { pnlClass, TradeTable } from '../components/paper/TradeTable';
import { formatDateTime, formatInt, formatMoney, formatPercent, formatPrice } from '../format';
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
          <CurveChart curves={[perf().curve]} label={`Cumulative P&L over ${formatInt(perf().trades)} closed trades`} testid="sys-curve" />
        </div>
        <h2>Open positions</h2>
        <Show when={open().length > 0} fallback={<p class="muted">No open position.</p>}>
          <div class="table-wrap" tabindex="0" role="region" aria-label="Open system positions">
            <table class="paper-table" data-testid="sys-open-positions">
              <caption class="visually-hidden">Open system positions</caption>
              <thead>
                <tr>
                  <th>Symbol</th>
                  <th>Direction</th>
                  <th>Opened</th>
                  <th class="num">Entry</th>
                  <th class="num">Market</th>
                  <th class="num">Open P&L</th>
                </tr>
              </thead>
              <tbody>
                <For each={open()}>
                  {(t) => {
                    const mark = () => marks()?.[t.symbol]?.price ?? null;
                    const pnl = () => openPnlOf(t, mark()).toString();
                    return (
                      <tr>
                        <td data-label="Symbol">{t.symbol}</td>
                        <td data-label="Direction" classList={{ up: t.direction === 'LONG', down: t.direction === 'SHORT' }}>
                          {t.direction}
                        </td>
                        <td data-label="Opened">{formatDateTime(t.entryTime)}</td>
                        <td data-label="Entry" class="num">
                          {formatPrice(Number(t.entryPrice))}
                        </td>
                        <td data-label="Market" class="num">
                          {formatPrice(mark())}
                        </td>
                        <td data-label="Open P&L" class="num" classList={pnlClass(pnl())}>
                          {formatMoney(pnl())}
                        </td>
                      </tr>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </div>
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
