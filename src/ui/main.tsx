import { render } from 'solid-js/web';
import './styles.css';
import { App } from './App';
import { DatabaseUnavailable } from './components/DatabaseUnavailable';
import { initDatabase } from '../app/db-service';
import { registerServiceWorker } from '../app/updates';

const root = document.getElementById('root')!;

registerServiceWorker();
initDatabase().then(
  () => {
    render(() => <App />, root);
    void import('../app/backfill-jobs').then((m) => m.resumeMarketData());
    void import('../app/backtest-queue').then((m) => m.resumeQueue());
    void import('../app/live-service').then((m) => m.startLiveWork());
  },
  (e: unknown) => render(() => <DatabaseUnavailable message={e instanceof Error ? e.message : String(e)} />, root),
);
