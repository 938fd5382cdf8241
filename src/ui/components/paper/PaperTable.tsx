import type { JSX } from 'solid-js';

/** A paper-trading table in its scrollable, focusable region, named by `caption` (stacks into cards on narrow screens). */
export function PaperTable(props: { caption: string; testid: string; children: JSX.Element }) {
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-label={props.caption}>
      <table class="paper-table" data-testid={props.testid}>
        <caption class="visually-hidden">{props.caption}</caption>
        {props.children}
      </table>
    </div>
  );
}
