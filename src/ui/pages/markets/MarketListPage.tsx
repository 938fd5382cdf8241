import { selectedExchange } from '../../../app/markets';
import { ExchangePicker } from '../../components/markets/ExchangePicker';
import { LivePanel } from '../../components/markets/LivePanel';
import { MarketList } from '../../components/markets/MarketList';
import { ProxySetting } from '../../components/markets/ProxySetting';

/** Markets tab: the exchange, its optional CORS proxy, its symbol list with favourites, and live candles. */
export default function MarketListPage() {
  return (
    <>
      <div class="card">
        <div class="row" style={{ 'align-items': 'flex-end', gap: '18px' }}>
          <ExchangePicker />
          <p class="muted" style={{ flex: '1 1 300px' }}>
            Market data is read straight from the exchange's public API in this browser, spot markets only. No account or key is needed.
          </p>
        </div>
        <div style={{ 'margin-top': '12px' }}>
          <ProxySetting exchange={selectedExchange()} />
        </div>
      </div>
      <MarketList exchange={selectedExchange()} />
      <LivePanel exchange={selectedExchange()} />
    </>
  );
}
