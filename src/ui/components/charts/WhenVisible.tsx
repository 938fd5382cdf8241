import { createSignal, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { onNearViewport } from './near-viewport';

/**
 * Renders its children once their place comes near the viewport (within `margin`), keeping that
 * place `minHeight` tall until then, so a report's charts are drawn when they are about to be seen
 * and not all in the task that opens the page. Without IntersectionObserver the children render at once.
 */
export function WhenVisible(props: { minHeight: string; margin?: string; children: JSX.Element }) {
  let place!: HTMLDivElement;
  const [seen, setSeen] = createSignal(typeof IntersectionObserver !== 'function');
  onMount(() => {
    if (!seen()) onCleanup(onNearViewport(place, props.margin ?? '200px', () => setSeen(true)));
  });
  return (
    <div ref={place} style={{ 'min-height': seen() ? undefined : props.minHeight }}>
      <Show when={seen()}>{props.children}</Show>
    </div>
  );
}
