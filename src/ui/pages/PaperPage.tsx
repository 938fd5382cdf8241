import { A } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import {
  accountList,
  accountView,
  closeManual,
  createAccount,
  decisionStream,
  editAccount,
  openManual,
  openPnlOf,
  PAPER_PAGE_SIZE,
  removeAccount,
  removeSession,
  resetAccount,
  sessionCsvText,
  sessionReport,
  startBot,
  stopBot,
  type AccountView,
  type BotSessionRecord,
  type Decision,
  type PaperTradeRecord,
  type SessionStats,
} from '../../app/paper';
import { fedWatchList } from '../../app/live-service';
import { presetList } from '../../app/presets';
import { downloadText } from '../../app/download';
import { chartHref } from '../../core/chart/link';
import { DECISIONS } from '../../core/paper/types';
import { botPerformance, CURVE_COLORS } from '../../core/paper/share';
import { CurveChart } from '../components/paper/CurveChart';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { sectionByPath } from '../components/SectionPage';
import { LiveSourcePanel } from '../components/signals/LiveSourcePanel';
import { AccountForm } from '../components/paper/AccountForm';
import { pnlClass, TradeTable } from '../components/paper/TradeTable';
import { Pager } from '../components/Pager';
import { formatDateTime, formatDuration, formatInt, formatMoney, formatPercent, formatPrice } from '../format';
import '../components/markets/markets.css';
import '../components/signals/signals.css';
import '../components/paper/paper.css';
import { PaperError } from '../components/paper/PaperError';


function Stat(props: { label: string; value: string; testid: string; tone?: string | null }) {
  return (
    <div class="card paper-stat">
      <span class="label">{props.label}</span>
      <span class="value num" classList={pnlClass(props.tone)} data-testid={props.testid}>
        {props.value}
      </span>
    </div>
  );
}

/** Start / Stop of the account's bot on the active preset and the watched series of one timeframe. */
function BotControl(props: { view: AccountView }) {
  const [limitHours, setLimitHours] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const active = () => presetList()?.find((p) => p.active) ?? null;
  const watched = () => fedWatchList().filter((w) => w.timeframe === (fedWatchList()[0]?.timeframe ?? '1h'));
  const start = async () => {
    const p = active();
    if (p === null) return setError('No strategy preset is active: activate one in Settings → Presets.');
    const w = watched();
    if (w.length === 0) return setError('Nothing is watched: load the demo market or follow series in Settings.');
    const h = limitHours().trim();
    const limit = h === '' ? null : Number(h);
    if (limit !== null && !(Number.isFinite(limit) && limit > 0)) return setError(`runtime limit: ${JSON.stringify(h)} is not a positive number of hours`);
    setError(
      await startBot({
        account: props.view.account.id,
        exchange: w[0].exchange,
        strategy: p.strategy,
        preset: p.name,
        config: { ...p.params },
        symbols: w.map((x) => x.symbol),
        timeframe: w[0].timeframe,
        runtimeLimitMs: limit === null ? null : Math.round(limit * 3_600_000),
      }),
    );
  };
  return (
    <div class="card paper-bot" data-testid="bot-control">
      <Show
        when={props.view.session}
        fallback={
          <>
            <span>
              Bot: <strong data-testid="bot-status">stopped</strong>
              <span class="muted"> · next run: {active()?.name ?? 'no active preset'} on {watched().map((w) => w.symbol).join(', ') || 'nothing watched'}</span>
            </span>
            <label class="field">
              <span>Runtime limit (hours, optional)</span>
              <input type="text" inputmode="decimal" value={limitHours()} onInput={(e) => setLimitHours(e.currentTarget.value)} />
            </label>
            <button type="button" class="btn primary" onClick={() => void start()} data-testid="bot-start">
              Start bot
            </button>
          </>
        }
      >
        {(s) => (
          <>
            <span>
              Bot: <strong data-testid="bot-status">{s().status.toLowerCase()}</strong>
              <span class="muted">
                {' '}
                · {s().name} · since {formatDateTime(s().startedAt)}
                {s().runtimeLimitMs !== null ? ` · limit ${formatDuration(s().runtimeLimitMs!)}` : ''}
              </span>
            </span>
            <button type="button" class="btn" onClick={() => void stopBot(s().id).then(setError)} data-testid="bot-stop">
              Stop bot
            </button>
          </>
        )}
      </Show>
      <PaperError text={error()} testid="bot-error" />
    </div>
  );
}

function ManualTrade(props: { view: AccountView }) {
  const symbols = () => Object.keys(props.view.marks).sort();
  const [symbol, setSymbol] = createSignal('');
  const [amount, setAmount] = createSignal('100');
  const [stop, setStop] = createSignal('');
  const [target, setTarget] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const sym = () => symbol() || symbols()[0] || '';
  const pct = (v: string) => (v.trim() === '' ? null : Number(v));
  const open = async (direction: 'LONG' | 'SHORT') => {
    setError(await openManual(props.view.account.id, { symbol: sym(), direction, amount: amount().trim(), stopPct: pct(stop()), targetPct: pct(target()) }));
  };
  return (
    <form class="card paper-toolbar" aria-label="Manual trade" onSubmit={(e) => e.preventDefault()} data-testid="manual-trade">
      <label class="field">
        <span>Symbol</span>
        <select value={sym()} onChange={(e) => setSymbol(e.currentTarget.value)}>
          <For each={symbols()}>{(s) => <option value={s}>{s}</option>}</For>
        </select>
      </label>
      <span class="muted num">Price {formatPrice(props.view.marks[sym()]?.price ?? null)}</span>
      <label class="field">
        <span>Amount</span>
        <input type="text" inputmode="decimal" value={amount()} onInput={(e) => setAmount(e.currentTarget.value)} data-testid="manual-amount" />
      </label>
      <label class="field">
        <span>Stop % (optional)</span>
        <input type="text" inputmode="decimal" value={stop()} onInput={(e) => setStop(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Target % (optional)</span>
        <input type="text" inputmode="decimal" value={target()} onInput={(e) => setTarget(e.currentTarget.value)} />
      </label>
      <button type="button" class="btn" onClick={() => void open('LONG')} data-testid="manual-long">
        Buy (long)
      </button>
      <button type="button" class="btn" onClick={() => void open('SHORT')} data-testid="manual-short">
        Sell (short)
      </button>
      <PaperError text={error()} testid="manual-error" />
    </form>
  );
}

function OpenPositions(props: { view: AccountView }) {
  const [error, setError] = createSignal<string | null>(null);
  return (
    <Show when={props.view.open.length > 0} fallback={<p class="muted" data-testid="no-positions">No open positions.</p>}>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Open positions">
        <table class="paper-table" data-testid="open-positions">
          <caption class="visually-hidden">Open positions</caption>
          <thead>
            <tr>
              <th>Symbol</th>
              <th>Direction</th>
              <th>Opened</th>
              <th class="num">Entry</th>
              <th class="num">Market</th>
              <th class="num">Size</th>
              <th class="num">Open P&L</th>
              <th>Mode</th>
              <th>
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.view.open}>
              {(t) => {
                const mark = () => props.view.marks[t.symbol]?.price ?? null;
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
                    <td data-label="Size" class="num">
                      {formatMoney(t.positionSize)}
                    </td>
                    <td data-label="Open P&L" class="num" classList={pnlClass(pnl())}>
                      {formatMoney(pnl())}
                    </td>
                    <td data-label="Mode">{t.mode.toLowerCase()}</td>
                    <td>
                      <button type="button" class="btn" onClick={() => void closeManual(props.view.account.id, t).then(setError)} aria-label={`Close ${t.symbol}`}>
                        Close
                      </button>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <PaperError text={error()} />
    </Show>
  );
}

const TRADE_CSV_COLUMNS = ['id', 'symbol', 'direction', 'status', 'mode', 'entryTime', 'entryPrice', 'quantity', 'positionSize', 'stopPrice', 'targetPrice', 'exitTime', 'exitPrice', 'exitReason', 'fees', 'profitLoss', 'profitLossPct'] as const;

function tradesCsv(trades: PaperTradeRecord[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' && v > 1e11 ? new Date(v).toISOString() : String(v));
  return [TRADE_CSV_COLUMNS.join(','), ...trades.map((t) => TRADE_CSV_COLUMNS.map((c) => cell(t[c])).join(','))].join('\n') + '\n';
}

function TradeHistory(props: { view: AccountView }) {
  const [status, setStatus] = createSignal('');
  const [direction, setDirection] = createSignal('');
  const [symbol, setSymbol] = createSignal('');
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [page, setPage] = createSignal(0);
  const all = () => [...props.view.open, ...props.view.closed].sort((a, b) => b.entryTime - a.entryTime);
  const symbols = () => [...new Set(all().map((t) => t.symbol))].sort();
  const filtered = createMemo(() => {
    const f = from() ? Date.parse(`${from()}T00:00:00Z`) : -Infinity;
    const t = to() ? Date.parse(`${to()}T00:00:00Z`) + 86_400_000 : Infinity;
    return all().filter((x) => (!status() || x.status === status()) && (!direction() || x.direction === direction()) && (!symbol() || x.symbol === symbol()) && x.entryTime >= f && x.entryTime < t);
  });
  createEffect(on([status, direction, symbol, from, to], () => setPage(0), { defer: true }));
  const pages = () => Math.max(1, Math.ceil(filtered().length / PAPER_PAGE_SIZE));
  const sel = (label: string, value: () => string, set: (v: string) => void, options: string[]) => (
    <label class="field">
      <span>{label}</span>
      <select value={value()} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">All</option>
        <For each={options}>{(o) => <option value={o}>{o}</option>}</For>
      </select>
    </label>
  );
  return (
    <>
      <div class="paper-toolbar" role="group" aria-label="Filter trades">
        {sel('Status', status, setStatus, ['OPEN', 'CLOSED'])}
        {sel('Direction', direction, setDirection, ['LONG', 'SHORT'])}
        {sel('Symbol', symbol, setSymbol, symbols())}
        <label class="field">
          <span>From</span>
          <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>To</span>
          <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="button" class="btn" onClick={() => downloadText(`${props.view.account.name}-trades.csv`, tradesCsv(filtered()))} data-testid="trades-csv">
          Export CSV
        </button>
      </div>
      <Show when={filtered().length > 0} fallback={<p class="muted">No trade matches.</p>}>
        <TradeTable trades={filtered().slice(page() * PAPER_PAGE_SIZE, (page() + 1) * PAPER_PAGE_SIZE)} testid="trade-history" caption="Trade history" />
      </Show>
      <Pager page={page()} pages={pages()} size={PAPER_PAGE_SIZE} total={filtered().length} noun="trades" label="Trade pages" onPage={setPage} testid="trade-pager" />
    </>
  );
}

function Decisions(props: { book: string; symbols: string[] }) {
  const [decision, setDecision] = createSignal('');
  const [symbol, setSymbol] = createSignal('');
  const [page, setPage] = createSignal(0);
  const filter = createMemo(() => ({ ...(decision() ? { decision: decision() as Decision } : {}), ...(symbol() ? { symbol: symbol() } : {}) }));
  createEffect(on(filter, () => setPage(0), { defer: true }));
  const stream = decisionStream(() => props.book, filter, page);
  const pages = () => Math.max(1, Math.ceil((stream()?.total ?? 0) / PAPER_PAGE_SIZE));
  return (
    <>
      <div class="paper-toolbar" role="group" aria-label="Filter decisions">
        <label class="field">
          <span>Decision</span>
          <select value={decision()} onChange={(e) => setDecision(e.currentTarget.value)} data-testid="decision-filter">
            <option value="">All</option>
            <For each={DECISIONS}>{(d) => <option value={d}>{d}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>Symbol</span>
          <select value={symbol()} onChange={(e) => setSymbol(e.currentTarget.value)}>
            <option value="">All</option>
            <For each={props.symbols}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
        <span class="muted num" data-testid="decision-count">
          {formatInt(stream()?.total ?? 0)} decisions
        </span>
      </div>
      <Show when={(stream()?.page.items.length ?? 0) > 0} fallback={<p class="muted">No decision yet.</p>}>
        <div class="table-wrap" tabindex="0" role="region" aria-label="The bot's decisions, newest first">
          <table class="paper-table" data-testid="decisions">
            <caption class="visually-hidden">The bot's decisions, newest first</caption>
            <thead>
              <tr>
                <th>Time</th>
                <th>Symbol</th>
                <th>Decision</th>
                <th class="num">Confidence</th>
                <th class="num">Risk</th>
                <th class="num">Opportunity</th>
                <th>Reasoning</th>
              </tr>
            </thead>
            <tbody>
              <For each={stream()?.page.items ?? []}>
                {(d) => (
                  <tr data-testid="decision-row">
                    <td data-label="Time">{formatDateTime(d.time)}</td>
                    <td data-label="Symbol">{d.symbol}</td>
                    <td data-label="Decision">
                      <strong>{d.decision}</strong>
                    </td>
                    <td data-label="Confidence" class="num">
                      {formatPercent(d.confidence, 0)}
                    </td>
                    <td data-label="Risk" class="num">
                      {formatInt(d.riskScore)}
                    </td>
                    <td data-label="Opportunity" class="num">
                      {formatInt(d.opportunityScore)}
                    </td>
                    <td data-label="Reasoning" class="wrap">
                      {d.reasoning}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Pager page={page()} pages={pages()} size={PAPER_PAGE_SIZE} total={stream()?.total ?? 0} noun="decisions" label="Decision pages" onPage={setPage} testid="decision-pager" />
    </>
  );
}

function Sessions(props: { view: AccountView }) {
  const [stats, setStats] = createSignal<Record<string, SessionStats>>({});
  const [curves, setCurves] = createSignal<Record<string, ReturnType<typeof botPerformance>['curve']>>({});
  const [picked, setPicked] = createSignal<string[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  createEffect(() => {
    const list = props.view.sessions;
    void Promise.all(list.map(async (s) => [s.id, await sessionReport(s)] as const)).then((r) => {
      setStats(Object.fromEntries(r.map(([id, x]) => [id, x.stats])));
      setCurves(Object.fromEntries(r.map(([id, x]) => [id, botPerformance(x.trades).curve])));
    });
  });
  const toggle = (id: string, on: boolean) => setPicked(on ? [...picked().filter((x) => x !== id), id] : picked().filter((x) => x !== id));
  const compared = () => props.view.sessions.filter((s) => picked().includes(s.id));
  const csv = async (s: BotSessionRecord) => downloadText(`session-${s.name.replace(/[^\w.-]+/g, '_')}.csv`, await sessionCsvText(s.id));
  return (
    <Show when={props.view.sessions.length > 0} fallback={<p class="muted">No session yet: start the bot.</p>}>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Bot sessions, newest first">
        <table class="paper-table" data-testid="sessions">
          <caption class="visually-hidden">Bot sessions, newest first</caption>
          <thead>
            <tr>
              <th>Compare</th>
              <th>Session</th>
              <th>Status</th>
              <th>Started</th>
              <th class="num">Duration</th>
              <th class="num">Trades</th>
              <th class="num">Win rate</th>
              <th class="num">P&L</th>
              <th>
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={[...props.view.sessions].sort((a, b) => b.startedAt - a.startedAt)}>
              {(s) => {
                const st = () => stats()[s.id];
                return (
                  <tr data-testid="session-row">
                    <td data-label="Compare">
                      <input type="checkbox" checked={picked().includes(s.id)} onChange={(e) => toggle(s.id, e.currentTarget.checked)} aria-label={`Compare ${s.name}`} />
                    </td>
                    <td data-label="Session" class="wrap">
                      {s.name}
                    </td>
                    <td data-label="Status">
                      {s.status.toLowerCase()}
                      {s.stopReason ? <span class="muted"> · {s.stopReason}</span> : null}
                    </td>
                    <td data-label="Started">{formatDateTime(s.startedAt)}</td>
                    <td data-label="Duration" class="num">
                      {st() ? formatDuration(st()!.durationMs) : '—'}
                    </td>
                    <td data-label="Trades" class="num">
                      {st() ? formatInt(st()!.trades) : '—'}
                    </td>
                    <td data-label="Win rate" class="num">
                      {formatPercent(st()?.winRate ?? null, 1)}
                    </td>
                    <td data-label="P&L" class="num" classList={pnlClass(st()?.totalPnl)}>
                      {formatMoney(st()?.totalPnl)}
                    </td>
                    <td>
                      <div class="row">
                        <A class="btn" href={chartHref({ exchange: s.exchange, symbol: s.symbols[0], timeframe: s.timeframe, session: s.id })} aria-label={`Chart of ${s.name}`} data-testid="session-chart-link">
                          Chart
                        </A>
                        <button type="button" class="btn" onClick={() => void csv(s)} aria-label={`Export ${s.name} as CSV`}>
                          CSV
                        </button>
                        <Show when={s.status !== 'RUNNING' && s.status !== 'STARTING' && s.status !== 'PAUSED'}>
                          <button type="button" class="btn" onClick={() => void removeSession(s.id).then(setError)} aria-label={`Delete ${s.name}`}>
                            Delete
                          </button>
                        </Show>
                      </div>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <PaperError text={error()} />
      <Show when={compared().length >= 2}>
        <div class="card" data-testid="session-compare">
          <h3>Compare: cumulative P&L</h3>
          <CurveChart curves={compared().map((s) => curves()[s.id] ?? [])} label={`Cumulative P&L of ${compared().map((s) => s.name).join(' and ')}`} />
          <div class="table-wrap" tabindex="0" role="region" aria-label="Sessions side by side">
            <table class="paper-table">
              <caption class="visually-hidden">Sessions side by side</caption>
              <thead>
                <tr>
                  <th>Metric</th>
                  <For each={compared()}>
                    {(s, i) => (
                      <th class="num">
                        <span aria-hidden="true" style={{ color: CURVE_COLORS[i() % CURVE_COLORS.length] }}>
                          ■{' '}
                        </span>
                        {formatDateTime(s.startedAt)}
                      </th>
                    )}
                  </For>
                </tr>
              </thead>
              <tbody>
                <For
                  each={
                    [
                      ['P&L', (x: SessionStats) => formatMoney(x.totalPnl)],
                      ['Return', (x: SessionStats) => formatPercent(x.returnPct / 100)],
                      ['Closed trades', (x: SessionStats) => formatInt(x.trades)],
                      ['Win rate', (x: SessionStats) => formatPercent(x.winRate, 1)],
                      ['Fees', (x: SessionStats) => formatMoney(x.totalFees)],
                      ['Duration', (x: SessionStats) => formatDuration(x.durationMs)],
                    ] as const
                  }
                >
                  {([label, cell]) => (
                    <tr>
                      <td data-label="Metric">{label}</td>
                      <For each={compared()}>
                        {(s) => (
                          <td class="num" data-label={formatDateTime(s.startedAt)}>
                            {stats()[s.id] ? cell(stats()[s.id]!) : '—'}
                          </td>
                        )}
                      </For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </div>
      </Show>
    </Show>
  );
}

function Allocation(props: { view: AccountView }) {
  const COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#14b8a6', '#f97316'];
  const parts = createMemo(() => {
    const cash = Math.max(0, Number(props.view.account.currentBalance));
    const rows = props.view.open.map((t) => ({ label: t.symbol, value: Math.max(0, Number(t.positionSize) + Number(openPnlOf(t, props.view.marks[t.symbol]?.price ?? null))) }));
    const all = [{ label: 'Cash', value: cash }, ...rows];
    const total = all.reduce((s, r) => s + r.value, 0) || 1;
    return all.map((r, i) => ({ ...r, share: r.value / total, color: i === 0 ? 'var(--muted)' : COLORS[(i - 1) % COLORS.length] }));
  });
  return (
    <div class="card" data-testid="allocation">
      <div class="alloc-bar" role="img" aria-label={parts().map((p) => `${p.label} ${formatPercent(p.share, 1)}`).join(', ')}>
        <For each={parts()}>{(p) => <span style={{ width: `${p.share * 100}%`, background: p.color }} />}</For>
      </div>
      <p class="row muted">
        <For each={parts()}>
          {(p) => (
            <span>
              <span aria-hidden="true" style={{ color: p.color }}>
                ■
              </span>{' '}
              {p.label} {formatMoney(p.value)} ({formatPercent(p.share, 1)})
            </span>
          )}
        </For>
      </p>
    </div>
  );
}

function Dashboard(props: { view: AccountView; onEdit: () => void }) {
  const v = () => props.view;
  const [resetTo, setResetTo] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const reset = async () => setError(await resetAccount(v().account.id, resetTo().trim() || v().account.initialBalance));
  return (
    <>
      <div class="cards" data-testid="account-stats">
        <Stat label="Balance (free cash)" value={formatMoney(v().account.currentBalance)} testid="stat-balance" />
        <Stat label="Equity" value={formatMoney(v().equity)} testid="stat-equity" />
        <Stat label="Open P&L" value={formatMoney(v().openPnl)} testid="stat-open-pnl" tone={v().openPnl} />
        <Stat label="Today's P&L" value={formatMoney(v().todayPnl)} testid="stat-today-pnl" tone={v().todayPnl} />
        <Stat label="Win rate" value={`${formatPercent(v().winRate, 1)} (${formatInt(v().wins)} of ${formatInt(v().closed.length)})`} testid="stat-win-rate" />
      </div>
      <p class="muted">
        Initial balance {formatMoney(v().account.initialBalance)} · automatic trading {v().account.autoTrading ? 'on' : 'off'} · min confidence {formatPercent(v().account.minConfidence, 0)} · market time{' '}
        <span data-testid="paper-market-time">{v().marketTime === null ? '—' : formatDateTime(v().marketTime)}</span>
      </p>
      <BotControl view={v()} />

      <h2>Open positions</h2>
      <OpenPositions view={v()} />
      <h3>Manual trade</h3>
      <ManualTrade view={v()} />

      <h2>Portfolio</h2>
      <p>
        Total value <strong class="num" data-testid="portfolio-total">{formatMoney(v().equity)}</strong> = cash {formatMoney(v().account.currentBalance)} + open positions at market {formatMoney(v().positionsValue)}
      </p>
      <Allocation view={v()} />

      <h2>Decisions</h2>
      <Decisions book={v().account.id} symbols={Object.keys(v().marks).sort()} />

      <h2>Trade history</h2>
      <TradeHistory view={v()} />

      <h2>Sessions</h2>
      <Sessions view={v()} />

      <h2>Account</h2>
      <div class="card paper-toolbar">
        <button type="button" class="btn" onClick={() => props.onEdit()} data-testid="account-edit">
          Edit settings
        </button>
        <label class="field">
          <span>Reset balance to</span>
          <input type="text" inputmode="decimal" placeholder={v().account.initialBalance} value={resetTo()} onInput={(e) => setResetTo(e.currentTarget.value)} data-testid="reset-balance" />
        </label>
        <button type="button" class="btn" onClick={() => void reset()} data-testid="account-reset">
          Reset account
        </button>
        <Show
          when={confirmDelete()}
          fallback={
            <button type="button" class="btn" onClick={() => setConfirmDelete(true)} data-testid="account-delete">
              Delete account
            </button>
          }
        >
          <button type="button" class="btn primary" onClick={() => void removeAccount(v().account.id).then(setError)} data-testid="account-delete-confirm">
            Delete {v().account.name} and its history
          </button>
          <button type="button" class="btn" onClick={() => setConfirmDelete(false)}>
            Keep it
          </button>
        </Show>
        <PaperError text={error()} testid="account-action-error" />
      </div>
    </>
  );
}

/** Paper trading: accounts, the bot, manual trades, positions, decisions, history and sessions. */
export default function PaperPage() {
  const section = sectionByPath('/paper');
  const accounts = accountList();
  const [selected, setSelected] = createSignal<string | null>(null);
  const [mode, setMode] = createSignal<'view' | 'new' | 'edit'>('view');
  const current = () => selected() ?? accounts()?.[accounts()!.length - 1]?.id ?? null;
  createEffect(() => {
    const list = accounts();
    if (list && selected() !== null && !list.some((a) => a.id === selected())) setSelected(null);
  });
  const view = accountView(current);
  return (
    <section aria-labelledby="page-title" class="paper-page">
      <PageHeader title={section.title} subtitle={section.holds} />
      <LiveSourcePanel />
      <h2>Accounts</h2>
      <div class="paper-toolbar">
        <Show when={(accounts()?.length ?? 0) > 0}>
          <label class="field">
            <span>Account</span>
            <select value={current() ?? ''} onChange={(e) => setSelected(e.currentTarget.value)} data-testid="account-select">
              <For each={accounts() ?? []}>{(a) => <option value={a.id}>{a.name}</option>}</For>
            </select>
          </label>
        </Show>
        <button type="button" class="btn primary" onClick={() => setMode('new')} data-testid="account-new">
          New account
        </button>
      </div>
      <Show when={mode() === 'new'}>
        <AccountForm
          onSubmit={async (s, balance) => {
            const err = await createAccount({ ...s, initialBalance: balance });
            if (err === null) setSelected(null);
            return err;
          }}
          onDone={() => setMode('view')}
        />
      </Show>
      <Show when={mode() === 'edit' && view()}>
        {(v) => <AccountForm account={v().account} onSubmit={(s) => editAccount(v().account.id, s)} onDone={() => setMode('view')} />}
      </Show>
      <Show when={mode() !== 'new' && view()} fallback={
          <Show when={accounts()?.length === 0 && mode() !== 'new'}>
            <EmptyState section={section}>
              <p>No paper account yet: create one (New account above) to trade the demo market or live prices on paper.</p>
            </EmptyState>
          </Show>
        }>
        {(v) => <Dashboard view={v()} onEdit={() => setMode('edit')} />}
      </Show>
    </section>
  );
}
