import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { PageHeader } from '../components/PageHeader';
import { DemoMarketOffer } from '../components/DemoMarketOffer';
import { SECTIONS } from '../sections';
import { seriesList } from '../../app/series-store';
import { demoJob } from '../../app/demo-market';
import { formatInt } from '../format';

export default function HomePage() {
  const totalCandles = () => (seriesList() ?? []).reduce((s, x) => s + x.count, 0);
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Welcome to Candlelab"
        subtitle="A trading research lab that runs entirely in your browser: candles, signals, backtests, robustness tests and paper trading — your data stays on this device."
      />
      <Show
        when={(seriesList() ?? []).length > 0}
        fallback={
          <Show when={seriesList() !== undefined}>
            <p>Nothing is stored on this device yet. Start with the demo market — it works offline.</p>
            <DemoMarketOffer />
          </Show>
        }
      >
        <p data-testid="stored-summary">
          {formatInt((seriesList() ?? []).length)} candle series stored ({formatInt(totalCandles())} candles).{' '}
          <A href="/markets/data">See them in Markets & Data</A>.
        </p>
        <Show when={demoJob().running}>
          <DemoMarketOffer />
        </Show>
      </Show>
      <h2>Sections</h2>
      <div class="cards">
        <For each={SECTIONS}>
          {(s) => (
            <A class="card" href={s.path} style={{ 'text-decoration': 'none', color: 'inherit' }}>
              <strong>
                <span aria-hidden="true" style={{ color: 'var(--accent)' }}>
                  {s.icon}
                </span>{' '}
                {s.title}
              </strong>
              <p class="muted">{s.holds}</p>
            </A>
          )}
        </For>
      </div>
    </section>
  );
}
