import { Show } from 'solid-js';

/** Why the last paper-trading action was refused, read out at once; nothing while there is none. */
export function PaperError(props: { text: string | null | undefined; testid?: string }) {
  return (
    <Show when={props.text}>
      <p class="paper-error" role="alert" data-testid={props.testid}>
        {props.text}
      </p>
    </Show>
  );
}
