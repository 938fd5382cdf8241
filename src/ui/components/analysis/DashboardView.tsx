import { createSignal, For, Show } from 'solid-js';
import type { Dashboard } from '../../../core/analysis';
import { formatMetric } from '../../../core/metrics';
import { formatDate } from '../../format';
import { count, fraction, signTone } from './format';
import { DailyPnlChart } from './DailyPnlChart';
import { PatternBars } from './PatternBars';
import { Stat } from './Stat';
import { SymbolResultsTable } from './SymbolResultsTable';

/** The analytics dashboard: headline numbers, daily P&L, hour and weekday patterns, symbols and the CSV export. */
export function DashboardView(props: { dashboard: Dashboard; onExport: () => Promise<number> }) {
  const d = () => props.dashboard;
  const m = () => d().metrics;
  const [exporting, setExporting] = createSignal(false);
  const [exportMessage, setExportMessage] = createSignal<{ error: boolean; text: string } | null>(null);
  const exportCsv = async () => {
    setExporting(true);
    setExportMessage(null);
    try {
      const n = await props.onExport();
      setExportMessage({ error: false, text: `Exported ${count(n)} trades.` });
    } catch (e) {
      setExportMessage({ error: true, text: `Export failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setExporting(false);
    }
  };
  const maxSymbol = () => Math.max(1, ...d().symbols.map((s) => s.trades));
  return (
    <div class="an-stack" data-testid="dashboard">
      <div class="row" style={{ 'justify-content': 'space-between' }}>
        <p data-testid="dashboard-range">
          <strong>{formatDate(d().from)}</strong> to <strong>{formatDate(d().to)}</strong> · <span class="num">{count(d().days.length)}</span> days ·{' '}
          <span class="num">{count(d().trades.length)}</span> trades opened or closed
        </p>
        <span class="row">
          <button type="button" class="btn" disabled={exporting() || d().trades.length === 0} aria-busy={exporting()} onClick={() => void exportCsv()}>
            {exporting() ? 'Exporting…' : 'Export trades CSV'}
          </button>
          <Show when={exportMessage()}>
            {(msg) => (
              <span role={msg().error ? 'alert' : 'status'} classList={{ muted: !msg().error }} style={msg().error ? { color: 'var(--danger)' } : {}}>
                {msg().text}
              </span>
            )}
          </Show>
        </span>
      </div>
      <div class="an-stats">
        <Stat label="Closed in range" value={formatMetric('totalTrades', m().totalTrades)} testId="dash-closed" />
        <Stat label="Win rate" value={formatMetric('winRate', m().winRate)} testId="dash-win-rate" />
        <Stat label="P&L" value={formatMetric('totalPnl', m().totalPnl)} tone={signTone(m().totalPnl)} testId="dash-pnl" />
        <Stat label="Sharpe" value={formatMetric('sharpe', m().sharpe)} title="Daily returns of the realised equity, annualised (docs/metrics.md)" testId="dash-sharpe" />
        <Stat label="Profit factor" value={formatMetric('profitFactor', m().profitFactor, m())} />
        <Stat label="Max drawdown" value={formatMetric('maxDrawdownPct', m().maxDrawdownPct)} />
      </div>
      <section aria-labelledby="daily-title">
        <h2 id="daily-title">Daily P&amp;L</h2>
        <DailyPnlChart days={d().days} />
      </section>
      <div class="an-grid">
        <PatternBars title="Entries by hour of day (UTC)" buckets={d().hourly} testId="hourly-bars" every={3} />
        <PatternBars title="Entries by weekday (UTC)" buckets={d().weekday} testId="weekday-bars" />
      </div>
      <div class="an-grid">
        <section aria-labelledby="sym-title">
          <h2 id="sym-title">Entries by symbol</h2>
          <Show when={d().symbols.length > 0} fallback={<p class="muted">No trade opened in the range.</p>}>
            <div class="card an-hbar" data-testid="symbol-distribution">
              <For each={d().symbols}>
                {(s) => (
                  <>
                    <span>{s.symbol}</span>
                    <span class="an-hbar-track" aria-hidden="true">
                      <span class="an-hbar-fill" style={{ display: 'block', width: `${(s.trades / maxSymbol()) * 100}%` }} />
                    </span>
                    <span class="num">
                      {count(s.trades)} <span class="muted">({fraction(s.share)})</span>
                    </span>
                  </>
                )}
              </For>
            </div>
          </Show>
        </section>
        <section aria-labelledby="perf-title">
          <h2 id="perf-title">Top performers</h2>
          <Show when={d().topPerformers.length > 0} fallback={<p class="muted">No trade closed in the range.</p>}>
            <SymbolResultsTable rows={d().topPerformers} label="Top performers" testid="top-performers" />
          </Show>
        </section>
      </div>
    </div>
  );
}
