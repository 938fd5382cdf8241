import { createSignal, onCleanup, type Accessor } from 'solid-js';

/** The width below which pages use their phone layout (the same breakpoint as the CSS). */
export const PHONE_QUERY = '(max-width: 760px)';

/** Whether a media query matches, kept current. Call inside a component. */
export function createMediaQuery(query: string): Accessor<boolean> {
  const media = typeof matchMedia === 'function' ? matchMedia(query) : null;
  const [matches, setMatches] = createSignal(media?.matches ?? false);
  if (media) {
    const update = () => setMatches(media.matches);
    media.addEventListener('change', update);
    onCleanup(() => media.removeEventListener('change', update));
  }
  return matches;
}
