import { For } from 'solid-js';
import { formatDateTime, formatInt } from '../format';

export interface CoverageGap {
  from: number;
  to: number;
  missing: number;
}

/**
 * A series' coverage: the stored range as a bar, with every gap marked at its place
 * (at least 2 px wide, so one missing candle in years still shows).
 */
export function CoverageBar(props: { first: number; last: number; gaps: readonly CoverageGap[]; label: string }) {
  const span = () => Math.max(1, props.last - props.first);
  const pos = (t: number) => ((t - props.first) / span()) * 100;
  const summary = () =>
    props.gaps.length === 0
      ? 'complete, no gaps'
      : `${props.gaps.length} gap${props.gaps.length === 1 ? '' : 's'}, ${formatInt(props.gaps.reduce((n, g) => n + g.missing, 0))} candles missing`;
  return (
    <div class="coverage" role="img" aria-label={`${props.label}: ${summary()}`} title={summary()}>
      <For each={props.gaps}>
        {(g) => (
          <span
            class="coverage-gap"
            style={{ left: `${pos(g.from)}%`, width: `max(2px, ${pos(g.to) - pos(g.from)}%)` }}
            title={`${formatInt(g.missing)} missing: ${formatDateTime(g.from)} → ${formatDateTime(g.to)}`}
          />
        )}
      </For>
    </div>
  );
}
