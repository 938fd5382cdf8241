import { For } from 'solid-js';
import type { PatternBucket } from '../../../core/analysis';
import { count, fraction, money } from './format';

const WIDTH = 720;
const HEIGHT = 150;
const TOP = 12;
const BOTTOM = 22;

/**
 * Entries per bucket (hour of day or weekday) as columns, coloured by the realised P&L of the
 * closed ones (green profit, red loss, grey none closed). Plain SVG scaled to the container; each
 * column's numbers are in its tooltip and in the chart's description.
 */
export function PatternBars(props: { title: string; buckets: PatternBucket[]; testId: string; every?: number }) {
  const max = () => Math.max(1, ...props.buckets.map((b) => b.entries));
  const slot = () => WIDTH / Math.max(1, props.buckets.length);
  const plotH = HEIGHT - TOP - BOTTOM;
  const colour = (b: PatternBucket) => (b.closed === 0 ? 'var(--border)' : b.pnl > 0 ? 'var(--up)' : b.pnl < 0 ? 'var(--down)' : 'var(--muted)');
  const describe = (b: PatternBucket) =>
    `${b.label}: ${count(b.entries)} entries, ${count(b.closed)} closed, P&L ${money(b.pnl)}, win rate ${fraction(b.winRate)}`;
  return (
    <figure class="card an-bars" style={{ margin: '0' }}>
      <figcaption>
        <strong>{props.title}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} overflow="visible" role="img" aria-label={`${props.title}. ${props.buckets.map(describe).join('; ')}`} data-testid={props.testId}>
        <line x1="0" x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} stroke="var(--border)" />
        <For each={props.buckets}>
          {(b, i) => {
            const h = () => (b.entries / max()) * plotH;
            const x = () => i() * slot() + slot() * 0.15;
            return (
              <g data-key={b.key} data-entries={b.entries}>
                <title>{describe(b)}</title>
                <rect x={x()} y={HEIGHT - BOTTOM - h()} width={slot() * 0.7} height={Math.max(h(), b.entries > 0 ? 1 : 0)} rx="2" fill={colour(b)} />
                {i() % (props.every ?? 1) === 0 && (
                  <text x={i() * slot() + slot() / 2} y={HEIGHT - 6} text-anchor="middle" font-size="12" fill="var(--muted)">
                    {b.label}
                  </text>
                )}
              </g>
            );
          }}
        </For>
      </svg>
      <div class="an-legend">
        <span style={{ '--sw': 'var(--up)' }}>profit</span>
        <span style={{ '--sw': 'var(--down)' }}>loss</span>
        <span style={{ '--sw': 'var(--border)' }}>none closed</span>
        <span class="plain">height: entries (max {count(max())})</span>
      </div>
    </figure>
  );
}
