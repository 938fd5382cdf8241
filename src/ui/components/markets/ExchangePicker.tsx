import { For } from 'solid-js';
import { EXCHANGE_IDS, EXCHANGES, isExchangeId, selectExchange, selectedExchange } from '../../../app/markets';

/** Chooses the exchange the Markets & Data pages work with (remembered on this device). */
export function ExchangePicker() {
  return (
    <label class="field" style={{ 'max-width': '220px' }}>
      Exchange
      <select
        data-testid="exchange-select"
        value={selectedExchange()}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isExchangeId(v)) selectExchange(v);
        }}
      >
        <For each={EXCHANGE_IDS}>{(id) => <option value={id}>{EXCHANGES[id].name}</option>}</For>
      </select>
    </label>
  );
}
