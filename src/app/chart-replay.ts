/**
 * The replay timer of the Chart page. Time comes from an injected clock, so tests (and the
 * end-to-end tests through the browser's fake timers) drive it without waiting.
 */

/** A clock that calls `fn` every `ms` milliseconds until the returned function is called. */
export interface ReplayClock {
  every(ms: number, fn: () => void): () => void;
}

/** The browser's timers (`setInterval`). */
export const systemClock: ReplayClock = {
  every(ms, fn) {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

/** Replay speeds: bars per second. */
export const REPLAY_SPEEDS = [1, 2, 4, 8, 16, 32, 64] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** The next speed up (`+1`) or down (`-1`), staying within ×1–×64. */
export function nextSpeed(speed: ReplaySpeed, dir: 1 | -1): ReplaySpeed {
  const i = REPLAY_SPEEDS.indexOf(speed);
  return REPLAY_SPEEDS[Math.min(REPLAY_SPEEDS.length - 1, Math.max(0, i + dir))];
}

/** Milliseconds between replay steps at `speed`. */
export function stepInterval(speed: ReplaySpeed): number {
  return 1000 / speed;
}

/**
 * A play/pause timer: while playing, calls `step` every `stepInterval(speed)` ms; `step`
 * returns false to stop (end of data, a signal to pause on), which pauses the timer.
 */
export interface ReplayTimer {
  readonly playing: boolean;
  play(speed: ReplaySpeed): void;
  pause(): void;
  /** Keeps playing (if playing) at a new speed. */
  setSpeed(speed: ReplaySpeed): void;
}

export function createReplayTimer(clock: ReplayClock, step: () => boolean, onStop: () => void): ReplayTimer {
  let stop: (() => void) | null = null;
  const timer: ReplayTimer = {
    get playing() {
      return stop !== null;
    },
    play(speed) {
      stop?.();
      stop = clock.every(stepInterval(speed), () => {
        if (!step()) {
          timer.pause();
          onStop();
        }
      });
    },
    pause() {
      stop?.();
      stop = null;
    },
    setSpeed(speed) {
      if (stop !== null) timer.play(speed);
    },
  };
  return timer;
}
