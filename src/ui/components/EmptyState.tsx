import { A } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import type { Section } from '../sections';

/** The empty state of a section: what it will hold and what to do first. */
export function EmptyState(props: { section: Section; children?: JSX.Element }) {
  return (
    <div class="empty" data-testid="empty-state">
      <h2>Nothing here yet</h2>
      <p>{props.section.holds}</p>
      <p>
        <strong>First: </strong>
        {props.section.firstStep}
      </p>
      <Show when={props.section.firstStepPath}>
        <p>
          <A class="btn primary" href={props.section.firstStepPath!}>
            {props.section.firstStepLabel}
          </A>
        </p>
      </Show>
      {props.children}
    </div>
  );
}
