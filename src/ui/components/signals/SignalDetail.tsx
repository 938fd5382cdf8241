import { A } from '@solidjs/router';
import { For } from 'solid-js';
import { chartLink, SIGNAL_EXPIRY_BARS, type SignalRecord } from '../../../app/live-signals';
import { formatDateTime, formatLevel, formatPercent, formatPrice } from '../../format';

function reasonValue(v: SignalRecord['reasons'][number]['value'] | SignalRecord['reasons'][number]['threshold']): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return formatLevel(v);
  return v;
}

const STATUS_TEXT: Record<SignalRecord['status'], string> = {
  ACTIVE: 'waiting for a trade',
  TRIGGERED: 'a trade was opened on it',
  EXPIRED: `no trade within ${SIGNAL_EXPIRY_BARS} bar${SIGNAL_EXPIRY_BARS === 1 ? '' : 's'}`,
  CANCELLED: 'an opposite signal on the same symbol replaced it',
};

/** A table's header row from its columns (label, numeric). */
export function ColumnHeaders(props: { columns: ReadonlyArray<readonly [string, boolean]> }) {
  return (
    <tr>
      <For each={props.columns}>
        {([label, num]) => (
          <th scope="col" classList={{ num }}>
            {label}
          </th>
        )}
      </For>
    </tr>
  );
}

const REASON_HEADERS: ReadonlyArray<readonly [string, boolean]> = [
  ['Condition', false],
  ['Value', true],
  ['Threshold', true],
  ['Result', false],
];

/** Everything about one signal: levels, confidence, status and every reason, with a link to the chart. */
export function SignalDetail(props: { signal: SignalRecord }) {
  const s = () => props.signal;
  const level = (price: number | null, fraction: number) => (price === null ? 'none' : `${formatLevel(price)} (${formatPercent(fraction)})`);
  /** Label, value, numeric. */
  const facts = (): Array<[string, string, boolean]> => [
    ['Entry reference', formatPrice(s().price), true],
    ['Stop', level(s().stopPrice, s().stopFraction), true],
    ['Target', level(s().targetPrice, s().targetFraction), true],
    ['Confidence', `${formatPercent(s().confidence, 1)} · ${s().level.replace('_', ' ')}`, true],
    ['Status', `${s().status} — ${STATUS_TEXT[s().status]}, ${formatDateTime(s().statusAt)}`, false],
    ['Strategy', `${s().strategy}${s().preset ? ` · preset ${s().preset}` : ''} · ${s().market}`, false],
  ];
  return (
    <div class="signal-detail" data-testid="signal-detail">
      <dl class="signal-facts">
        <For each={facts()}>
          {([label, value, num]) => (
            <div>
              <dt>{label}</dt>
              <dd classList={{ num }}>{value}</dd>
            </div>
          )}
        </For>
      </dl>
      <div class="table-wrap">
        <table class="reasons" data-testid="signal-reasons">
          <caption class="visually-hidden">Conditions the strategy checked on this bar</caption>
          <thead>
            <ColumnHeaders columns={REASON_HEADERS} />
          </thead>
          <tbody>
            <For each={s().reasons}>
              {(r) => (
                <tr>
                  <td>{r.condition}</td>
                  <td class="num" data-label="Value">
                    {reasonValue(r.value)}
                  </td>
                  <td class="num" data-label="Threshold">
                    {reasonValue(r.threshold)}
                  </td>
                  <td classList={{ pass: r.pass, fail: !r.pass }}>{r.pass ? '✓ pass' : '✗ fail'}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <p>
        <A class="btn" href={chartLink(s())} data-testid="chart-link">
          Open {s().symbol} {s().timeframe} on the chart at {formatDateTime(s().time)}
        </A>
      </p>
    </div>
  );
}
