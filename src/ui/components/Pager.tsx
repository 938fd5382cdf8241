import { Show } from 'solid-js';
import { formatInt } from '../format';

/**
 * Previous / next buttons with "Page x of y" and which rows are shown ("21–40 of 57 gaps"), for
 * any paged list. Hidden when everything fits on one page (the count still shows).
 */
export function Pager(props: {
  /** 0-based page shown. */
  page: number;
  pages: number;
  /** Rows per page and rows in all, for the "21–40 of 57" line. */
  size: number;
  total: number;
  /** What the rows are, plural ("gaps"). */
  noun: string;
  /** Accessible name of the navigation ("Gap pages"). */
  label: string;
  onPage: (page: number) => void;
  prevLabel?: string;
  nextLabel?: string;
  testid?: string;
}) {
  const first = () => props.page * props.size + 1;
  const last = () => Math.min(props.total, (props.page + 1) * props.size);
  return (
    <nav class="list-pager" aria-label={props.label} data-testid={props.testid}>
      <span class="muted num" aria-live="polite">
        <Show when={props.total > 0} fallback={`0 ${props.noun}`}>
          {formatInt(first())}–{formatInt(last())} of {formatInt(props.total)} {props.noun}
        </Show>
      </span>
      <Show when={props.pages > 1}>
        <span class="row pager-buttons">
          <button type="button" class="btn" disabled={props.page <= 0} onClick={() => props.onPage(props.page - 1)}>
            {props.prevLabel ?? 'Previous'}
          </button>
          <span class="num">
            Page {props.page + 1} of {props.pages}
          </span>
          <button type="button" class="btn" disabled={props.page + 1 >= props.pages} onClick={() => props.onPage(props.page + 1)}>
            {props.nextLabel ?? 'Next'}
          </button>
        </span>
      </Show>
    </nav>
  );
}
