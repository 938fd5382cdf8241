import type { Verdict as VerdictKind } from '../../../core/robustness/analysis';

const LABELS: Record<VerdictKind, string> = { good: 'Robust', caution: 'Caution', bad: 'Overfit risk', unknown: 'Unknown' };

/** A named statistic with its value, a coloured verdict and its one-line explanation. */
export function Verdict(props: { title: string; value: string; verdict: VerdictKind; text: string; explain: string; testId?: string }) {
  return (
    <div class="card rb-verdict" data-testid={props.testId} data-verdict={props.verdict}>
      <div style={{ flex: '1 1 auto', 'min-width': '0' }}>
        <div class="row" style={{ 'justify-content': 'space-between' }}>
          <strong>{props.title}</strong>
          <span class={`badge ${props.verdict}`}>{LABELS[props.verdict]}</span>
        </div>
        <div class="rb-kpi-value num" style={{ 'font-size': '1.3rem', 'font-weight': '700' }}>
          {props.value}
        </div>
        <p style={{ margin: '4px 0' }}>{props.text}</p>
        <p class="muted" style={{ margin: '0', 'font-size': '0.85rem' }}>
          {props.explain}
        </p>
      </div>
    </div>
  );
}
