import { createSignal, For, Show, untrack } from 'solid-js';
import { REPLAY_SPEEDS, type ReplaySpeed } from '../../../app/chart-replay';
import type { ChartStore, PauseOn } from '../../../app/chart-store';
import { parseTime } from '../../../core/util/time-parse';
import { formatDateTime } from '../../format';

const PAUSE_OPTIONS: { value: PauseOn; label: string }[] = [
  { value: 'any', label: 'any signal' },
  { value: 'LONG', label: 'LONG signals' },
  { value: 'SHORT', label: 'SHORT signals' },
  { value: 'off', label: 'never' },
];

/** `2024-10-14T10:05` (the value of a datetime-local field) for a UTC time. */
function localValue(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16) : '';
}

/**
 * Replay controls: jump to the start or end, step back or forward one candle, play and pause,
 * speed ×1–×64, pause on signals, jump to a date and to the previous or next signal. Keyboard:
 * Space plays or pauses, ← and → step, + and − change the speed.
 */
export function ReplayBar(props: { store: ChartStore }) {
  const s = untrack(() => props.store);
  const r = () => s.replay();
  const [date, setDate] = createSignal('');
  const [dateError, setDateError] = createSignal<string | null>(null);
  const go = (e: Event) => {
    e.preventDefault();
    const text = date().trim();
    const t = parseTime(text, { epochMs: true });
    if (!Number.isFinite(t)) {
      setDateError(`"${text}" is not a date and time (UTC)`);
      return;
    }
    setDateError(null);
    setDate('');
    s.pause();
    void s.jumpTo(t);
  };
  const hasSignals = () => (s.strategy()?.signals.bar.length ?? 0) > 0;
  return (
    <div class="cl-replay" role="toolbar" aria-label="Replay" data-testid="replay-bar" data-active={String(r().active)} data-playing={String(r().playing)} data-speed={r().speed} data-cursor={r().active ? r().time : ''}>
      <div class="cl-replay-buttons">
        <button type="button" class="btn" title="Jump to the first bar" aria-label="Jump to start" onClick={() => s.jumpStart()}>
          « Start
        </button>
        <button type="button" class="btn" title="One candle back (←)" aria-label="Step back" aria-keyshortcuts="ArrowLeft" onClick={() => s.stepBack()}>
          ◀
        </button>
        <button type="button" class="btn primary cl-play" aria-label={r().playing ? 'Pause' : 'Play'} aria-keyshortcuts="Space" title={r().playing ? 'Pause (Space)' : 'Play (Space)'} onClick={() => s.togglePlay()}>
          {r().playing ? '⏸ Pause' : '▶ Play'}
        </button>
        <button type="button" class="btn" title="One candle forward (→)" aria-label="Step forward" aria-keyshortcuts="ArrowRight" onClick={() => s.stepForward()}>
          ▶
        </button>
        <button type="button" class="btn" title="Jump to the last bar" aria-label="Jump to end" onClick={() => s.jumpEnd()}>
          End »
        </button>
        <label class="cl-inline">
          <span>Speed</span>
          <select aria-keyshortcuts="+ -" value={r().speed} onChange={(e) => s.setSpeed(Number(e.currentTarget.value) as ReplaySpeed)} data-testid="replay-speed">
            <For each={REPLAY_SPEEDS}>{(v) => <option value={v}>×{v}</option>}</For>
          </select>
        </label>
        <label class="cl-inline">
          <span>Pause on</span>
          <select value={r().pauseOn} onChange={(e) => s.setPauseOn(e.currentTarget.value as PauseOn)} data-testid="replay-pause-on">
            <For each={PAUSE_OPTIONS}>{(o) => <option value={o.value}>{o.label}</option>}</For>
          </select>
        </label>
      </div>
      <div class="cl-replay-buttons">
        <button type="button" class="btn" disabled={!hasSignals()} aria-label="Previous signal" title="Jump to the previous signal" onClick={() => void s.jumpToSignal(-1)}>
          ◂ Signal
        </button>
        <button type="button" class="btn" disabled={!hasSignals()} aria-label="Next signal" title="Jump to the next signal" onClick={() => void s.jumpToSignal(1)}>
          Signal ▸
        </button>
        <form class="cl-inline" onSubmit={go}>
          <label class="cl-inline">
            <span>Go to (UTC)</span>
            <input type="datetime-local" value={date() || localValue(r().time)} onInput={(e) => setDate(e.currentTarget.value)} data-testid="replay-date" aria-invalid={dateError() !== null} />
          </label>
          <button type="submit" class="btn">
            Go
          </button>
        </form>
        <Show when={r().active}>
          <button type="button" class="btn" onClick={() => s.exitReplay()} title="Show every bar again">
            Exit replay
          </button>
        </Show>
      </div>
      <p class="cl-replay-status muted" aria-live="polite">
        <Show when={dateError()} fallback={r().active ? <>Replay at <strong data-testid="replay-time">{formatDateTime(r().time)}</strong> — nothing after this bar is drawn.</> : 'Press Play, Space or → to replay from the first bar on screen.'}>
          <span class="cl-error" role="alert">
            {dateError()}
          </span>
        </Show>
      </p>
    </div>
  );
}
