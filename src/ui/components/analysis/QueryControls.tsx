import { For } from 'solid-js';
import { STATUS_FILTERS, type TradeQuery } from '../../../core/analysis';

const DAY_CHOICES: ReadonlyArray<[string, number | null]> = [
  ['Every day', null],
  ['Last 7 days', 7],
  ['Last 30 days', 30],
  ['Last 90 days', 90],
  ['Last 365 days', 365],
];

/**
 * The filters of an analysis: status, last N days (up to the source's latest trade), symbol and
 * sample size. `limits` are the sample sizes offered (null = all).
 */
export function QueryControls(props: {
  query: TradeQuery;
  onChange: (q: TradeQuery) => void;
  symbols: readonly string[];
  limits: ReadonlyArray<number | null>;
}) {
  const set = (patch: Partial<TradeQuery>) => props.onChange({ ...props.query, ...patch });
  return (
    <div class="an-controls" data-testid="analysis-filters">
      <label>
        Status
        <select value={props.query.status} onChange={(e) => set({ status: e.currentTarget.value as TradeQuery['status'] })}>
          <For each={STATUS_FILTERS}>{(s) => <option value={s}>{s === 'ALL' ? 'All' : s.charAt(0) + s.slice(1).toLowerCase()}</option>}</For>
        </select>
      </label>
      <label>
        Period
        <select value={String(props.query.days)} onChange={(e) => set({ days: e.currentTarget.value === 'null' ? null : Number(e.currentTarget.value) })}>
          <For each={DAY_CHOICES}>{([label, d]) => <option value={String(d)}>{label}</option>}</For>
        </select>
      </label>
      <label>
        Symbol
        <select value={props.query.symbol ?? ''} onChange={(e) => set({ symbol: e.currentTarget.value === '' ? null : e.currentTarget.value })}>
          <option value="">All symbols</option>
          <For each={props.symbols}>{(s) => <option value={s}>{s}</option>}</For>
        </select>
      </label>
      <label>
        Sample size
        <select value={String(props.query.limit)} onChange={(e) => set({ limit: e.currentTarget.value === 'null' ? null : Number(e.currentTarget.value) })}>
          <For each={props.limits}>{(n) => <option value={String(n)}>{n === null ? 'All trades' : `Latest ${n}`}</option>}</For>
        </select>
      </label>
    </div>
  );
}
