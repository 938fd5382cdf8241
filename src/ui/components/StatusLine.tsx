/** What an action came to: `ok` news, or a `warn`ing the user should act on. */
export interface Outcome {
  kind: 'ok' | 'warn';
  text: string;
}

/** A polite live region beside a button: empty while nothing happened yet, then the outcome. */
export function StatusLine(props: { outcome: Outcome | null; testid?: string }) {
  return (
    <span role="status" aria-live="polite" class={props.outcome?.kind === 'warn' ? 'status-warn' : 'muted'} data-testid={props.testid}>
      {props.outcome?.text ?? ''}
    </span>
  );
}
