import { For } from 'solid-js';
import { formatMetric, METRIC_DEFINITIONS, type MetricRecord } from '../../../core/metrics';
import { metricTone } from './model';
import './report.css';

const BETTER_TEXT = { higher: 'Higher is better.', lower: 'Lower is better.', none: '' } as const;
const TONE_TEXT = { good: ' (good)', bad: ' (poor)', neutral: '' } as const;

/**
 * One card per metric of docs/metrics.md: label, value in the metric's format, coloured good or
 * poor where the metric has a break-even point (the tone is also said in words for screen
 * readers); durations under one bar read "same bar". Each card is focusable and shows its one-line explanation on hover and on keyboard
 * focus (`title` for the native tooltip, `aria-describedby` for assistive technology).
 */
export function MetricCards(props: { metrics: MetricRecord; initialCapital: number | null; barMs?: number }) {
  return (
    <div class="metric-cards" data-testid="metric-cards">
      <For each={METRIC_DEFINITIONS}>
        {(def) => {
          const value = () => props.metrics[def.key] ?? null;
          const tone = () => metricTone(def, value(), props.metrics, props.initialCapital);
          const tipId = `metric-tip-${def.key}`;
          const help = `${def.explanation}${BETTER_TEXT[def.better] ? ` ${BETTER_TEXT[def.better]}` : ''}`;
          return (
            <div class="metric-card" tabindex="0" data-testid="metric-card" data-metric={def.key} data-tone={tone()} title={help} aria-describedby={tipId}>
              <span class="metric-label">{def.label}</span>
              <span class="metric-value" data-testid="metric-value">
                {formatMetric(def.key, value(), props.metrics, { barMs: props.barMs })}
              </span>
              <span class="visually-hidden">{TONE_TEXT[tone()]}</span>
              <span class="metric-tip" role="tooltip" id={tipId}>
                {help}
              </span>
            </div>
          );
        }}
      </For>
    </div>
  );
}
