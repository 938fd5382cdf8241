/**
 * Calls `run` once `el` comes within `margin` (a CSS margin, as IntersectionObserver's `rootMargin`)
 * of the viewport, or at once where there is no IntersectionObserver. Returns a function that stops
 * watching.
 */
export function onNearViewport(el: Element, margin: string, run: () => void): () => void {
  if (typeof IntersectionObserver !== 'function') {
    run();
    return () => undefined;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      run();
    },
    { rootMargin: margin },
  );
  observer.observe(el);
  return () => observer.disconnect();
}
