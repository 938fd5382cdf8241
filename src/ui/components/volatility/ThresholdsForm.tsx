import { createSignal, Show } from 'solid-js';
import { validateReportThresholds, type VolatilityThresholds } from '../../../core/reports/volatility-report';

/**
 * The two editable group boundaries. Every keystroke that leaves a valid pair (0 < LOW < HIGH)
 * regroups the report at once; an invalid pair is explained and the last valid one stays in use.
 */
export function ThresholdsForm(props: { value: VolatilityThresholds; defaults: VolatilityThresholds; onChange: (t: VolatilityThresholds) => void }) {
  const [low, setLow] = createSignal(String(props.value.low));
  const [high, setHigh] = createSignal(String(props.value.high));
  const [error, setError] = createSignal<string | null>(null);

  const apply = (lowText: string, highText: string) => {
    const parse = (text: string, field: string): number => {
      const t = text.trim();
      const v = t === '' ? NaN : Number(t);
      if (!Number.isFinite(v)) throw new RangeError(`thresholds.${field}: "${text}" is not a number`);
      return v;
    };
    try {
      const next = { low: parse(lowText, 'low'), high: parse(highText, 'high') };
      validateReportThresholds(next);
      setError(null);
      props.onChange(next);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const reset = () => {
    setLow(String(props.defaults.low));
    setHigh(String(props.defaults.high));
    apply(low(), high());
  };

  return (
    <form class="card vol-thresholds no-print" aria-labelledby="vol-thresholds-title" onSubmit={(e) => e.preventDefault()}>
      <h2 id="vol-thresholds-title" style={{ 'margin-top': '0' }}>
        Volatility thresholds
      </h2>
      <div class="row">
        <label>
          LOW below (%){' '}
          <input
            type="number"
            inputmode="decimal"
            min="0"
            step="any"
            class="vol-number-input"
            value={low()}
            aria-invalid={error()?.startsWith('thresholds.low') ? 'true' : undefined}
            aria-describedby="vol-thresholds-help"
            onInput={(e) => {
              setLow(e.currentTarget.value);
              apply(e.currentTarget.value, high());
            }}
          />
        </label>
        <label>
          HIGH above (%){' '}
          <input
            type="number"
            inputmode="decimal"
            min="0"
            step="any"
            class="vol-number-input"
            value={high()}
            aria-invalid={error()?.startsWith('thresholds.high') ? 'true' : undefined}
            aria-describedby="vol-thresholds-help"
            onInput={(e) => {
              setHigh(e.currentTarget.value);
              apply(low(), e.currentTarget.value);
            }}
          />
        </label>
        <button type="button" class="btn" onClick={reset}>
          Reset to {props.defaults.low} / {props.defaults.high} %
        </button>
      </div>
      <p id="vol-thresholds-help" class="muted">
        Annualised realised volatility of each backtest's symbol over its own period: LOW below the first value, HIGH above the
        second, MEDIUM in between (both values included).
      </p>
      <Show when={error()}>
        <p class="banner error" role="alert" data-testid="vol-threshold-error">
          {error()}
        </p>
      </Show>
    </form>
  );
}
