import { Show } from 'solid-js';
import { applyUpdate, updateWaiting } from '../../app/updates';
import { clearWriteError, versionChanged, writeError } from '../../app/db-service';
import { online } from '../../app/connectivity';
import { A } from '@solidjs/router';

/** App-wide notices: a waiting update, another tab upgraded the database, a failed write, offline. */
export function AppBanners() {
  return (
    <div aria-live="polite">
      <Show when={versionChanged()}>
        <div class="banner warn" role="alert" data-testid="version-banner">
          <span>
            Candlelab was upgraded in another tab. This tab has stopped saving changes — reload to continue with the new
            version.
          </span>
          <button type="button" class="btn primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </Show>
      <Show when={updateWaiting() && !versionChanged()}>
        <div class="banner info" role="status" data-testid="update-banner">
          <span>New version available</span>
          <button type="button" class="btn primary" onClick={() => applyUpdate()}>
            Reload
          </button>
        </div>
      </Show>
      <Show when={writeError()}>
        {(err) => (
          <div class="banner error" role="alert" data-testid="write-error">
            <span>
              {err().message}
              <Show when={err().code === 'QUOTA_EXCEEDED'}>
                {' '}
                Nothing was half-written. Free space by deleting stored series you no longer need.
              </Show>
            </span>
            <span class="row">
              <Show when={err().code === 'QUOTA_EXCEEDED'}>
                <A class="btn" href="/markets/data">
                  Free space
                </A>
              </Show>
              <button type="button" class="btn" onClick={() => clearWriteError()}>
                Dismiss
              </button>
            </span>
          </div>
        )}
      </Show>
      <Show when={!online()}>
        <div class="banner info" role="status" data-testid="offline-banner">
          <span>You are offline. Everything stored on this device keeps working; exchange downloads wait for a connection.</span>
        </div>
      </Show>
    </div>
  );
}
