/** Full-page explanation shown when IndexedDB cannot be opened (blocked, private mode, disabled). */
export function DatabaseUnavailable(props: { message: string }) {
  return (
    <main class="fullpage-error card" role="alert" data-testid="db-unavailable">
      <h1>Candlelab cannot store data in this browser</h1>
      <p>
        Candlelab keeps every candle, backtest and paper trade on your device in the browser's database (IndexedDB), and
        this browser refused to open it.
      </p>
      <p class="muted">Details: {props.message}</p>
      <h2>What you can do</h2>
      <ul>
        <li>Leave private or incognito browsing — most browsers disable or wipe site storage there.</li>
        <li>Allow this site to store data (site settings → cookies and site data).</li>
        <li>Free disk space if the device is nearly full, then reload.</li>
        <li>Use a current Chromium, Chrome, Edge, Firefox or Safari.</li>
      </ul>
      <button type="button" class="btn primary" onClick={() => window.location.reload()}>
        Try again
      </button>
    </main>
  );
}
