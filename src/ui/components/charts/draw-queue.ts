/**
 * One drawing per frame for every chart on a page (lightweight-charts and Observable Plot alike):
 * a report or a robustness result that shows several charts at once draws them one after another,
 * each chart's creation (and the library's first paint of it, in the next frame) its own short task
 * instead of one long task that freezes the page.
 */

const drawQueue: Array<() => void> = [];
let draining = false;

/**
 * Queues `draw` to run in a task of its own after the next frame, one queued drawing per frame in
 * the order queued. Returns a function that takes it off the queue.
 */
export function queueDraw(draw: () => void): () => void {
  drawQueue.push(draw);
  if (!draining) {
    draining = true;
    nextFrame(drainOne);
  }
  return () => {
    const i = drawQueue.indexOf(draw);
    if (i >= 0) drawQueue.splice(i, 1);
  };
}

function nextFrame(run: () => void): void {
  // Two frames, then a task: the previous drawing's first paint (the frame after it) has a frame
  // of its own, and the drawing does not run inside a frame's rendering task.
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(run, 0)));
  } else setTimeout(run, 0);
}

function drainOne(): void {
  try {
    drawQueue.shift()?.();
  } finally {
    if (drawQueue.length > 0) nextFrame(drainOne);
    else draining = false;
  }
}
