/** One number with its label, coloured good or bad when it has a sign that matters. */
export function Stat(props: { label: string; value: string; tone?: 'good' | 'bad' | 'neutral'; title?: string; testId?: string }) {
  return (
    <div class="an-stat" data-tone={props.tone ?? 'neutral'} title={props.title} data-testid={props.testId}>
      <span class="an-stat-label">{props.label}</span>
      <span class="an-stat-value">{props.value}</span>
    </div>
  );
}
