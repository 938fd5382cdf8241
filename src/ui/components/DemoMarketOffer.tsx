import { Show } from 'solid-js';
import { cancelDemoMarket, demoJob, loadDemoMarket, prepareDemoMarket } from '../../app/demo-market';
import { ProgressBar } from './ProgressBar';

/** The offer to load the seeded synthetic demo market, with progress and cancel while it loads. */
export function DemoMarketOffer() {
  return (
    <div class="card" data-testid="demo-offer">
      <h2 style={{ 'margin-top': '0' }}>
        Demo market <span class="badge synthetic">Synthetic</span>
      </h2>
      <p>
        Six synthetic symbols from calm to wild, two years of 5m, 1h and 4h candles with trends, ranges and volatility
        clusters. Generated on this device from a fixed seed — no network needed, and the same every time.
      </p>
      <Show
        when={demoJob().running}
        fallback={
          <div class="row">
            <button type="button" class="btn primary" onPointerEnter={prepareDemoMarket} onFocus={prepareDemoMarket} onClick={() => void loadDemoMarket()}>
              Load demo market
            </button>
          </div>
        }
      >
        <ProgressBar label="Loading demo market" progress={demoJob().progress} onCancel={() => cancelDemoMarket()} />
      </Show>
      <Show when={demoJob().error}>
        {(err) => (
          <p role="alert" class="banner error">
            {err()}
          </p>
        )}
      </Show>
    </div>
  );
}
