import { For, Show } from 'solid-js';
import { overlayGeometry, type BotPerformance } from '../../../core/paper/share';

/** Cumulative P&L curves overlaid on one time axis (the geometry of the shared snapshot's chart), with a zero line. */
export function CurveChart(props: { curves: ReadonlyArray<BotPerformance['curve']>; label: string; testid?: string }) {
  const g = () => overlayGeometry(props.curves);
  return (
    <Show when={g()} fallback={<p class="muted">No closed trade yet.</p>}>
      {(geo) => (
        <svg viewBox={`0 0 ${geo().width} ${geo().height}`} role="img" aria-label={props.label} data-testid={props.testid} style={{ width: '100%', height: 'auto' }}>
          <line x1="8" x2={geo().width - 8} y1={geo().zeroY} y2={geo().zeroY} stroke="currentColor" stroke-opacity="0.4" stroke-dasharray="4 4" />
          <For each={geo().lines}>{(l) => <Show when={l.points !== ''}>{<polyline fill="none" stroke={l.color} stroke-width="2" points={l.points} />}</Show>}</For>
        </svg>
      )}
    </Show>
  );
}
