import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { TIMEFRAMES, type Timeframe } from '../../core/candles/timeframe';
import {
  cancelImport,
  confirmReplace,
  dismissImport,
  importAsDetected,
  importFile,
  importPending,
  importState,
  type CandleFileFormat,
  type ImportReport,
  type ImportState,
} from '../../app/files';
import { formatDateTime, formatInt } from '../format';
import { ProgressBar } from './ProgressBar';

/** Invalid rows shown in the report table at most. */
const SHOWN_INVALID = 100;

const FORMAT_NAMES: Record<CandleFileFormat, string> = {
  standard: 'Standard CSV (timestamp, open, high, low, close, volume)',
  'binance-dump': 'Binance kline dump',
  tradingview: 'TradingView chart export',
};

/**
 * Candle file import: a file picker button and a drop area, progress with Cancel while it runs,
 * a small form when the file does not say which market it holds, then the report (format,
 * series, counts, invalid rows by line with the reason, gaps) or the reason it was refused.
 */
export function ImportPanel() {
  let input: HTMLInputElement | undefined;
  const [dragging, setDragging] = createSignal(false);
  const busy = () => importState().status === 'running';

  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file && !busy()) void importFile(file);
  };

  return (
    <div class="card" data-testid="import-panel">
      <h2 style={{ 'margin-top': '0' }}>Import candles from a file</h2>
      <p class="muted">
        Standard CSV (<code>timestamp,open,high,low,close,volume</code>, UTC ms), Binance kline dumps (data.binance.vision)
        and TradingView chart exports. Bad rows are listed and skipped; gaps are reported, never filled.
      </p>
      <div
        data-testid="import-drop-zone"
        aria-busy={busy()}
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          if (e.dataTransfer) e.dataTransfer.dropEffect = busy() ? 'none' : 'copy';
          setDragging(true);
        }}
        onDragLeave={(e) => {
          if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          take(e.dataTransfer?.files);
        }}
        style={{
          border: `2px dashed ${dragging() ? 'var(--accent)' : 'var(--border)'}`,
          background: dragging() ? 'var(--accent-soft)' : 'transparent',
          'border-radius': 'var(--radius)',
          padding: '18px',
          'text-align': 'center',
          margin: '10px 0',
        }}
      >
        <p style={{ margin: '0 0 8px' }}>Drop a candle file here, or</p>
        <button type="button" class="btn primary" disabled={busy()} onClick={() => input?.click()}>
          Choose a file…
        </button>
        <input
          ref={input}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          class="visually-hidden"
          tabindex="-1"
          aria-hidden="true"
          data-testid="import-file-input"
          onChange={(e) => {
            const el = e.currentTarget;
            take(el.files);
            el.value = '';
          }}
        />
      </div>
      <ImportStatus state={importState()} />
    </div>
  );
}

function ImportStatus(props: { state: ImportState }) {
  return (
    <Switch>
      <Match when={props.state.status === 'running' && (props.state as Extract<ImportState, { status: 'running' }>)}>
        {(s) => (
          <div data-testid="import-progress">
            <ProgressBar
              label={`Importing ${s().fileName}`}
              progress={s().progress}
              onCancel={s().cancellable ? () => cancelImport() : undefined}
            />
          </div>
        )}
      </Match>
      <Match when={props.state.status === 'needs-input' && (props.state as Extract<ImportState, { status: 'needs-input' }>)}>
        {(s) => <SeriesForm state={s()} />}
      </Match>
      <Match when={props.state.status === 'done' && (props.state as Extract<ImportState, { status: 'done' }>)}>
        {(s) => <ImportReportView report={s().report} />}
      </Match>
      <Match when={props.state.status === 'mismatch' && (props.state as Extract<ImportState, { status: 'mismatch' }>)}>
        {(s) => (
          <div role="alert" class="banner error" data-testid="import-mismatch">
            <p>
              <strong>{s().fileName} was not imported:</strong> this file's candles are{' '}
              <strong data-testid="import-detected">{s().mismatch.detected ?? 'irregularly'}</strong> apart, not {s().mismatch.declared}
              {s().mismatch.declaredFrom === 'file-name' ? ' as its name says' : ' as chosen'}. Nothing was stored.
            </p>
            <div class="row">
              <Show when={s().mismatch.detected}>
                {(tf) => (
                  <button type="button" class="btn primary" onClick={() => void importAsDetected()}>
                    Import as {tf()}
                  </button>
                )}
              </Show>
              <DismissButton label="Cancel" />
            </div>
          </div>
        )}
      </Match>
      <Match when={props.state.status === 'confirm-replace' && (props.state as Extract<ImportState, { status: 'confirm-replace' }>)}>
        {(s) => (
          <div role="alertdialog" aria-labelledby="import-replace-title" class="banner warn" data-testid="import-confirm">
            <p id="import-replace-title">
              <strong>Replace stored candles?</strong> Importing {s().fileName} would change{' '}
              <strong data-testid="import-changed">{formatInt(s().question.changed)}</strong> stored{' '}
              {s().question.changed === 1 ? 'candle' : 'candles'} of {s().question.symbol} {s().question.timeframe} on {s().question.exchange} (the file
              holds {formatInt(s().question.candles)}). Nothing has been stored yet.
            </p>
            <div class="row">
              <button type="button" class="btn danger" onClick={() => void confirmReplace()}>
                Replace {formatInt(s().question.changed)} {s().question.changed === 1 ? 'candle' : 'candles'}
              </button>
              <DismissButton label="Cancel" />
            </div>
          </div>
        )}
      </Match>
      <Match when={props.state.status === 'refused' && (props.state as Extract<ImportState, { status: 'refused' }>)}>
        {(s) => (
          <div role="alert" class="banner error" data-testid="import-refusal">
            <p>
              <strong>{s().fileName} was not imported:</strong> its format is not one Candlelab reads. Nothing was stored.
            </p>
            <p class="muted" style={{ 'overflow-wrap': 'anywhere' }}>
              {s().message}
            </p>
            <DismissButton />
          </div>
        )}
      </Match>
      <Match when={props.state.status === 'failed' && (props.state as Extract<ImportState, { status: 'failed' }>)}>
        {(s) => (
          <div role="alert" class="banner error" data-testid="import-error">
            <p>{s().message}</p>
            <DismissButton />
          </div>
        )}
      </Match>
      <Match when={props.state.status === 'cancelled' && (props.state as Extract<ImportState, { status: 'cancelled' }>)}>
        {(s) => (
          <div role="status" class="banner info" data-testid="import-cancelled">
            <p>{s().message}</p>
            <DismissButton />
          </div>
        )}
      </Match>
    </Switch>
  );
}

function DismissButton(props: { label?: string }) {
  return (
    <button type="button" class="btn" onClick={() => dismissImport()}>
      {props.label ?? 'Dismiss'}
    </button>
  );
}

/** Asks which market a file holds when its name does not say. */
function SeriesForm(props: { state: Extract<ImportState, { status: 'needs-input' }> }) {
  const s = props.state;
  const needsTf = s.missing.includes('timeframe');
  let symbolInput: HTMLInputElement | undefined;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const timeframe = String(form.get('timeframe') ?? '');
    void importPending({
      exchange: String(form.get('exchange') ?? ''),
      symbol: String(form.get('symbol') ?? ''),
      timeframe: timeframe === '' ? undefined : (timeframe as Timeframe),
    });
  };
  return (
    <form class="card" data-testid="import-needs-form" onSubmit={submit} aria-labelledby="import-needs-title" style={{ 'margin-top': '10px' }}>
      <h3 id="import-needs-title" style={{ 'margin-top': '0' }}>
        Which market is in {s.fileName}?
      </h3>
      <p class="muted">
        <Show when={s.format}>{(f) => <>Detected: {FORMAT_NAMES[f()]}. </>}</Show>
        The file name does not say {s.missing.map((m) => (m === 'symbol' ? 'the symbol' : 'the timeframe')).join(' or ')}.
      </p>
      <div class="row" style={{ 'align-items': 'flex-end' }}>
        <label>
          Exchange
          <br />
          <input name="exchange" value={s.exchange} autocomplete="off" size="12" />
        </label>
        <label>
          Symbol
          <br />
          <input
            ref={(el) => {
              symbolInput = el;
              queueMicrotask(() => symbolInput?.focus());
            }}
            name="symbol"
            value={s.symbol ?? ''}
            placeholder="BTC/USDT"
            required
            autocomplete="off"
            size="14"
          />
        </label>
        <label>
          Timeframe
          <br />
          <select name="timeframe" required={needsTf}>
            <option value="" selected={s.timeframe === null}>
              {needsTf ? 'Choose…' : `From the data${s.detectedTimeframe ? ` (${s.detectedTimeframe})` : ''}`}
            </option>
            <For each={TIMEFRAMES}>
              {(tf) => (
                <option value={tf} selected={s.timeframe === tf}>
                  {tf}
                </option>
              )}
            </For>
          </select>
        </label>
        <button type="submit" class="btn primary">
          Import
        </button>
        <button type="button" class="btn" onClick={() => dismissImport()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Figure(props: { label: string; value: string; testid: string; warn?: boolean }) {
  return (
    <div>
      <div class="muted" style={{ 'font-size': '0.85rem' }}>
        {props.label}
      </div>
      <div class="num" data-testid={props.testid} style={{ 'font-weight': '600', color: props.warn ? 'var(--warn)' : undefined }}>
        {props.value}
      </div>
    </div>
  );
}

/** The outcome of an import: what was read, stored, skipped and found missing. */
export function ImportReportView(props: { report: ImportReport }) {
  const r = () => props.report;
  const shown = () => r().invalid.slice(0, SHOWN_INVALID);
  return (
    <div class="card" role="status" data-testid="import-report" style={{ 'margin-top': '10px' }}>
      <h3 style={{ 'margin-top': '0' }}>
        {r().imported > 0 ? 'Imported' : 'Nothing imported from'} {r().fileName}
      </h3>
      <p>
        <span data-testid="import-format">{FORMAT_NAMES[r().format]}</span> ·{' '}
        <strong data-testid="import-series">
          {r().symbol} {r().timeframe}
        </strong>{' '}
        <span class="muted">
          on {r().exchange}
          {r().timeframeFrom === 'data' ? ' · timeframe detected from the data' : ''}
        </span>
      </p>
      <div class="cards" style={{ margin: '10px 0' }}>
        <Figure label="Rows read" value={formatInt(r().rows)} testid="import-rows" />
        <Figure label="Candles imported" value={formatInt(r().imported)} testid="import-imported" />
        <Figure label="Duplicates dropped" value={formatInt(r().duplicates)} testid="import-duplicates" warn={r().duplicates > 0} />
        <Figure label="Invalid rows skipped" value={formatInt(r().invalidCount)} testid="import-invalid-count" warn={r().invalidCount > 0} />
        <Figure
          label="Gaps (missing candles)"
          value={`${formatInt(r().gapCount)} (${formatInt(r().missing)})`}
          testid="import-gaps"
          warn={r().gapCount > 0}
        />
      </div>
      <Show when={r().first !== null}>
        <p class="muted">
          From {formatDateTime(r().first)} to {formatDateTime(r().last)} (candle open times).
        </p>
      </Show>
      <Show when={r().forming}>
        {(f) => (
          <p class="muted" data-testid="import-forming">
            The last row ({formatDateTime(f().time)}) is a candle still forming; it was not stored.
          </p>
        )}
      </Show>
      <Show when={r().invalidCount > 0}>
        <div class="table-wrap" style={{ 'max-height': '320px', 'overflow-y': 'auto' }}>
          <table data-testid="import-invalid">
            <caption class="muted" style={{ 'text-align': 'left', padding: '8px 10px' }}>
              {r().invalidCount > shown().length
                ? `First ${formatInt(shown().length)} of ${formatInt(r().invalidCount)} invalid rows`
                : `${formatInt(r().invalidCount)} invalid ${r().invalidCount === 1 ? 'row' : 'rows'}`}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  Line
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              <For each={shown()}>
                {(p) => (
                  <tr>
                    <td class="num">{p.line}</td>
                    <td style={{ 'overflow-wrap': 'anywhere' }}>{p.reason}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <div class="row" style={{ 'margin-top': '10px' }}>
        <DismissButton />
      </div>
    </div>
  );
}
