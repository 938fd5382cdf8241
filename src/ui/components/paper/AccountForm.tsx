import { createSignal, Show } from 'solid-js';
import { defaultAccountSettings, type PaperAccountSettings } from '../../../core/paper/account';
import type { PaperAccountRecord } from '../../../app/paper';
import { PaperError } from './PaperError';

/** Text fields of the form: every setting as typed, so a bad value reaches the engine's check and its message. */
type Fields = Record<string, string | boolean>;

function fieldsOf(s: PaperAccountSettings, balance: string): Fields {
  return {
    name: s.name,
    initialBalance: balance,
    autoTrading: s.autoTrading,
    maxOpenTrades: String(s.maxOpenTrades),
    minConfidence: String(s.minConfidence),
    maxPositionSizePct: String(s.maxPositionSizePct),
    minPositionSize: s.minPositionSize,
    stopLossPct: String(s.stopLossPct),
    takeProfitPct: String(s.takeProfitPct),
    maxDailyLossPct: String(s.maxDailyLossPct),
    maxDailyTrades: String(s.maxDailyTrades),
    minMinutesBetweenTrades: String(s.minMinutesBetweenTrades),
    cbEnabled: s.circuitBreaker.enabled,
    cbLosses: String(s.circuitBreaker.maxConsecutiveLosses),
    cbCooldown: String(s.circuitBreaker.cooldownMinutes),
    feePct: String(s.feePct),
    slippagePct: String(s.slippagePct),
    allowLong: s.allowLong,
    allowShort: s.allowShort,
  };
}

/** A typed number, or the text itself when it is not one (the account check then names it). */
const num = (v: string | boolean): number => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number));

function settingsOf(f: Fields): PaperAccountSettings {
  return {
    name: String(f.name),
    autoTrading: Boolean(f.autoTrading),
    maxOpenTrades: num(f.maxOpenTrades),
    minConfidence: num(f.minConfidence),
    maxPositionSizePct: num(f.maxPositionSizePct),
    minPositionSize: String(f.minPositionSize).trim(),
    stopLossPct: num(f.stopLossPct),
    takeProfitPct: num(f.takeProfitPct),
    maxDailyLossPct: num(f.maxDailyLossPct),
    maxDailyTrades: num(f.maxDailyTrades),
    minMinutesBetweenTrades: num(f.minMinutesBetweenTrades),
    circuitBreaker: { enabled: Boolean(f.cbEnabled), maxConsecutiveLosses: num(f.cbLosses), cooldownMinutes: num(f.cbCooldown) },
    feePct: num(f.feePct),
    slippagePct: num(f.slippagePct),
    allowLong: Boolean(f.allowLong),
    allowShort: Boolean(f.allowShort),
  };
}

/**
 * Creates an account (name, initial balance 100 – 1,000,000, every rule) or edits one's rules; the
 * balance of an existing account changes only by a reset. Refusals name the field and the value.
 */
export function AccountForm(props: {
  account?: PaperAccountRecord;
  onSubmit: (settings: PaperAccountSettings, initialBalance: string) => Promise<string | null>;
  onDone: () => void;
}) {
  const editing = () => props.account !== undefined;
  const [f, setF] = createSignal<Fields>(props.account ? fieldsOf(props.account, props.account.initialBalance) : fieldsOf({ ...defaultAccountSettings(''), autoTrading: true }, '10000'));
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const set = (k: string, v: string | boolean) => setF({ ...f(), [k]: v });

  const text = (k: string, label: string, hint?: string, inputmode: 'decimal' | 'numeric' | 'text' = 'decimal') => (
    <label class="field">
      <span>{label}</span>
      <input type="text" inputmode={inputmode} name={k} value={String(f()[k])} onInput={(e) => set(k, e.currentTarget.value)} data-testid={`acc-${k}`} />
      <Show when={hint}>
        <span class="muted">{hint}</span>
      </Show>
    </label>
  );
  const check = (k: string, label: string) => (
    <label class="row">
      <input type="checkbox" name={k} checked={Boolean(f()[k])} onChange={(e) => set(k, e.currentTarget.checked)} data-testid={`acc-${k}`} />
      <span>{label}</span>
    </label>
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const err = await props.onSubmit(settingsOf(f()), String(f().initialBalance).trim());
    setBusy(false);
    setError(err);
    if (err === null) props.onDone();
  };

  return (
    <form class="card paper-form" onSubmit={(e) => void submit(e)} aria-label={editing() ? 'Edit account' : 'New account'} data-testid="account-form">
      <fieldset>
        <legend>Account</legend>
        <div class="form-grid">
          {text('name', 'Name', undefined, 'text')}
          <Show when={!editing()}>{text('initialBalance', 'Initial balance', '100 – 1,000,000')}</Show>
          {check('autoTrading', 'Automatic trading')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Entries</legend>
        <div class="form-grid">
          {text('minConfidence', 'Min confidence', '0 – 1')}
          {text('maxOpenTrades', 'Max open trades', undefined, 'numeric')}
          {text('maxPositionSizePct', 'Max position size %', 'of equity')}
          {text('minPositionSize', 'Min position')}
          {text('stopLossPct', 'Default stop %')}
          {text('takeProfitPct', 'Default target %')}
          {check('allowLong', 'Long trades')}
          {check('allowShort', 'Short trades')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Limits</legend>
        <div class="form-grid">
          {text('maxDailyLossPct', 'Max daily loss %')}
          {text('maxDailyTrades', 'Max daily trades', undefined, 'numeric')}
          {text('minMinutesBetweenTrades', 'Min minutes between trades')}
          {check('cbEnabled', 'Circuit breaker')}
          {text('cbLosses', 'Losses in a row to pause', undefined, 'numeric')}
          {text('cbCooldown', 'Pause (minutes)')}
          {text('feePct', 'Fee %')}
          {text('slippagePct', 'Slippage %')}
        </div>
      </fieldset>
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy()} data-testid="account-save">
          {editing() ? 'Save settings' : 'Create account'}
        </button>
        <button type="button" class="btn" onClick={() => props.onDone()}>
          Cancel
        </button>
        <PaperError text={error()} testid="account-error" />
      </div>
    </form>
  );
}
