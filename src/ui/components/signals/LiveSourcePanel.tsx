import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Show } from 'solid-js';
import {
  DEMO_SPEEDS,
  demoClock,
  demoMarketNow,
  demoMarketStored,
  fedWatchList,
  liveRole,
  liveSource,
  liveStatus,
  pauseDemoClock,
  playDemoClock,
  setDemoClockSpeed,
  type DemoSpeed,
} from '../../../app/live-service';
import { presetList } from '../../../app/presets';
import { leaderText } from '../../../app/tab-leader';
import { formatDateTime, formatInt } from '../../format';
import { ProgressBar } from '../ProgressBar';

function speedLabel(s: DemoSpeed): string {
  return s === 1 ? 'Real time' : `×${s}`;
}

/**
 * Where live candles come from and what the live work is doing: which tab runs it, the demo
 * clock (market time, speed, play/pause) or the exchange feed of each watched pair, the catch-up
 * notice after a reopen, and any problem.
 */
export function LiveSourcePanel() {
  const [error, setError] = createSignal<string | null>(null);
  const active = createMemo(() => (presetList() ?? []).find((p) => p.active) ?? null);
  const run = async (op: () => Promise<string | null>) => setError(await op());
  const status = liveStatus;

  return (
    <div class="card live-panel" data-testid="live-panel" data-busy={String(status().busy)}>
      <div class="live-head">
        <span class="badge" classList={{ leader: liveRole() === 'leader' }} data-testid="live-role" role="status">
          {leaderText(liveRole())}
        </span>
        <span>
          Source: <strong data-testid="live-source">{liveSource() === 'demo' ? 'Demo clock' : 'Exchanges (live)'}</strong>
        </span>
        <span>
          Preset:{' '}
          <Show when={active()} fallback={<strong>none active</strong>}>
            {(p) => <strong data-testid="live-preset">{p().name}</strong>}
          </Show>
        </span>
        <A href="/settings#live" class="muted">
          Change source, watch list or preset
        </A>
      </div>

      <Show when={liveSource() === 'demo'}>
        <Show
          when={demoMarketStored()}
          fallback={
            <p>
              The demo clock continues the demo market. <A href="/markets/data">Load the demo market</A> first.
            </p>
          }
        >
          <div class="live-clock">
            <div>
              <span class="muted">Market time </span>
              <strong class="num" data-testid="market-time" data-time={demoMarketNow() ?? ''}>
                {formatDateTime(demoMarketNow() ?? null)}
              </strong>
              <span class="badge synthetic">Synthetic</span>
            </div>
            <div class="segmented" role="group" aria-label="Demo clock speed">
              <For each={DEMO_SPEEDS}>
                {(s) => (
                  <button type="button" aria-pressed={(demoClock()?.speed ?? 60) === s} onClick={() => void run(() => setDemoClockSpeed(s))}>
                    {speedLabel(s)}
                  </button>
                )}
              </For>
            </div>
            <Show
              when={demoClock()?.running}
              fallback={
                <button type="button" class="btn primary" onClick={() => void run(playDemoClock)}>
                  ▶ Play
                </button>
              }
            >
              <button type="button" class="btn" onClick={() => void run(pauseDemoClock)}>
                ❚❚ Pause
              </button>
            </Show>
            <span class="muted" data-testid="clock-state">
              {demoClock()?.running ? `running at ${speedLabel(demoClock()!.speed)}` : 'paused'}
            </span>
          </div>
        </Show>
      </Show>

      <Show when={liveSource() === 'live'}>
        <Show when={status().pairs.length > 0} fallback={<p class="muted">No exchange series on the watch list: add some in Settings.</p>}>
          <ul class="live-pairs">
            <For each={status().pairs}>
              {(p) => (
                <li>
                  <strong>{p.label}</strong> <span class="muted">{p.id.split(':')[0]}</span> · {p.mode === 'websocket' ? 'WebSocket' : 'polling'} ·{' '}
                  {p.state === 'ok' ? 'up to date' : p.state}
                  <Show when={p.error}>
                    <span class="live-error"> — {p.error}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>

      <p class="muted" data-testid="watching">
        Watching {formatInt(fedWatchList().length)} series
        <Show when={fedWatchList().length > 0}>: {fedWatchList().map((w) => `${w.symbol} ${w.timeframe}`).join(', ')}</Show>
      </p>

      <Show when={status().caughtUp}>
        {(c) => (
          <p class="live-notice" data-testid="caught-up" role="status">
            Caught up {formatInt(c().candles)} candles ({formatInt(c().signals)} signals) closed from {formatDateTime(c().from)} to {formatDateTime(c().to)} while
            no tab ran the live work.
          </p>
        )}
      </Show>
      <Show when={status().busy && status().progress}>
        {(p) => <ProgressBar label="Processing closed candles" progress={{ ...p(), message: 'through the active preset' }} />}
      </Show>
      <Show when={status().last}>
        {(l) => (
          <p class="muted" data-testid="last-step" data-close-time={l().closeTime ?? ''}>
            Last close processed {formatDateTime(l().closeTime)} · {formatInt(status().totals.candles)} candles and {formatInt(status().totals.signals)} signals
            since the leading tab started
          </p>
        )}
      </Show>
      <For each={status().problems}>{(p) => <p class="live-warn">{p}</p>}</For>
      <Show when={status().error ?? error()}>{(e) => <p class="live-error" role="alert">{e()}</p>}</Show>
    </div>
  );
}
