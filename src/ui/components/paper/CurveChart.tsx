import { For, Show } from 'solid-js';
import { overlayGeometry, type CurvePoint } from '../../../core/paper/curves';
import { formatDateTime, formatDuration, formatMoney } from '../../format';

/**
 * Curves overlaid on one time axis (the geometry of the shared snapshot's chart), with a dashed
 * baseline (zero unless told otherwise) and the value range and time span under it. `elapsed`: the
 * times are durations from a common start, shown as such.
 */
export function CurveChart(props: {
  curves: ReadonlyArray<readonly CurvePoint[]>;
  label: string;
  testid?: string;
  step?: boolean;
  baseline?: number | null;
  elapsed?: boolean;
  empty?: string;
}) {
  const g = () => overlayGeometry(props.curves, { baseline: props.baseline, step: props.step });
  const when = (t: number) => (props.elapsed ? formatDuration(t) : formatDateTime(t));
  return (
    <Show when={g()} fallback={<p class="muted">{props.empty ?? 'No closed trade yet.'}</p>}>
      {(geo) => (
        <figure class="curve-chart">
          <svg viewBox={`0 0 ${geo().width} ${geo().height}`} role="img" aria-label={props.label} data-testid={props.testid} style={{ width: '100%', height: 'auto' }}>
            <Show when={geo().baselineY !== null}>
              <line x1="8" x2={geo().width - 8} y1={geo().baselineY!} y2={geo().baselineY!} stroke="currentColor" stroke-opacity="0.4" stroke-dasharray="4 4" />
            </Show>
            <For each={geo().lines}>{(l) => <Show when={l.points !== ''}>{<polyline fill="none" stroke={l.color} stroke-width="2" points={l.points} />}</Show>}</For>
          </svg>
          <figcaption class="muted num curve-axis" data-testid={props.testid ? `${props.testid}-axis` : undefined}>
            <span>
              {formatMoney(geo().lo)} to {formatMoney(geo().hi)}
            </span>
            <span>
              {props.elapsed && geo().from === 0 ? 'start' : when(geo().from)} → {when(geo().to)}
            </span>
          </figcaption>
        </figure>
      )}
    </Show>
  );
}
