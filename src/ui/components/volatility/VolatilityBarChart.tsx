import { For, Show } from 'solid-js';
import type { SymbolVolatilityBar, VolatilityThresholds } from '../../../core/reports/volatility-report';
import { formatDate } from '../../format';
import { formatVol, GROUP_COLOURS } from './format';

const BAR_H = 18;
const GAP = 6;
const LABEL_W = 150;
const VALUE_W = 70;
const WIDTH = 720;
const TOP = 22;

/**
 * Horizontal bars of the annualised volatility per symbol (one per symbol and window), coloured by
 * group, with the two thresholds as dashed lines. Plain SVG that scales to the container's width.
 */
export function VolatilityBarChart(props: { bars: SymbolVolatilityBar[]; thresholds: VolatilityThresholds }) {
  const repeated = () => {
    const count = new Map<string, number>();
    for (const b of props.bars) count.set(b.symbol, (count.get(b.symbol) ?? 0) + 1);
    return count;
  };
  const label = (b: SymbolVolatilityBar) =>
    (repeated().get(b.symbol) ?? 0) > 1 ? `${b.symbol} ${b.timeframe} ${formatDate(b.period.from)}` : b.symbol;
  const maxVol = () => {
    let m = props.thresholds.high * 1.15;
    for (const b of props.bars) if (b.annualisedVol !== null && b.annualisedVol > m) m = b.annualisedVol;
    return m;
  };
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const x = (v: number) => LABEL_W + (v / maxVol()) * plotW;
  const height = () => TOP + props.bars.length * (BAR_H + GAP) + 4;
  const describe = () =>
    `Annualised volatility per symbol: ${props.bars.map((b) => `${label(b)} ${formatVol(b.annualisedVol)} (${b.group ?? 'unclassified'})`).join(', ')}`;

  return (
    <figure class="card vol-chart" style={{ margin: '0' }}>
      <figcaption>
        <strong>Volatility per symbol</strong>{' '}
        <span class="muted">
          · <Legend colour={GROUP_COLOURS.LOW} text="LOW" /> <Legend colour={GROUP_COLOURS.MEDIUM} text="MEDIUM" />{' '}
          <Legend colour={GROUP_COLOURS.HIGH} text="HIGH" />
        </span>
      </figcaption>
      <div class="vol-chart-scroll" tabindex="0" role="group" aria-label="Volatility chart (scrolls sideways on small screens)">
        <svg
          viewBox={`0 0 ${WIDTH} ${height()}`}
          width="100%"
          role="img"
          aria-label={describe()}
          data-testid="vol-chart"
          style={{ 'max-width': `${WIDTH}px`, 'min-width': '480px', display: 'block' }}
        >
          <For each={[props.thresholds.low, props.thresholds.high]}>
            {(t) => (
              <g>
                <line x1={x(t)} x2={x(t)} y1={TOP - 6} y2={height()} stroke="var(--muted)" stroke-dasharray="4 3" />
                <text x={x(t)} y={TOP - 10} text-anchor="middle" font-size="11" fill="var(--muted)">
                  {t} %
                </text>
              </g>
            )}
          </For>
          <For each={props.bars}>
            {(b, i) => {
              const y = () => TOP + i() * (BAR_H + GAP);
              const w = () => (b.annualisedVol === null ? 0 : Math.max(1, x(b.annualisedVol) - LABEL_W));
              return (
                <g data-symbol={b.symbol} data-group={b.group ?? 'NONE'}>
                  <title>
                    {label(b)}: {formatVol(b.annualisedVol)} · {b.group ?? 'unclassified'} · backtests {b.seqs.map((s) => `#${s}`).join(' ')}
                  </title>
                  <text x={LABEL_W - 8} y={y() + BAR_H - 5} text-anchor="end" font-size="12" fill="var(--text)">
                    {label(b)}
                  </text>
                  <rect x={LABEL_W} y={y()} width={w()} height={BAR_H} rx="3" fill={GROUP_COLOURS[b.group ?? 'NONE']} />
                  <text x={LABEL_W + w() + 6} y={y() + BAR_H - 5} font-size="12" fill="var(--text)">
                    {formatVol(b.annualisedVol)}
                  </text>
                </g>
              );
            }}
          </For>
        </svg>
      </div>
      <Show when={props.bars.length === 0}>
        <p class="muted">No symbol to show.</p>
      </Show>
    </figure>
  );
}

function Legend(props: { colour: string; text: string }) {
  return (
    <span style={{ 'white-space': 'nowrap' }}>
      <span aria-hidden="true" style={{ display: 'inline-block', width: '10px', height: '10px', 'border-radius': '2px', background: props.colour }} />{' '}
      {props.text}
    </span>
  );
}
