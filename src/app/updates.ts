import { createSignal } from 'solid-js';
import { Workbox } from 'workbox-window';
import { whenQuietFor } from './quiet';

const [updateWaiting, setUpdateWaiting] = createSignal(false);
const [offlineReady, setOfflineReady] = createSignal(false);

/** True when a new version of the app is installed and waiting to take over. */
export { updateWaiting, offlineReady };

let wb: Workbox | undefined;
let reloading = false;

/**
 * Registers the service worker once the page has loaded and been free of heavy work for a moment
 * (see {@link whenQuietFor}). When a new version is waiting the user is offered a reload;
 * accepting it tells the waiting worker to take over, and every open tab reloads once when
 * it becomes the controller.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => setUpdateWaiting(true));
  wb.addEventListener('activated', (e) => {
    if (!e.isUpdate) setOfflineReady(true);
  });
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !hadController) return;
    reloading = true;
    window.location.reload();
  });
  // The first install fetches and compiles every script of the app: it waits until the page has
  // been free of heavy work (such as loading the demo market) for a moment.
  whenQuietFor(INSTALL_AFTER_QUIET_MS, () => {
    void wb?.register();
    setInterval(() => void wb?.update(), 60 * 60 * 1000);
  });
}

/** How long the page must have been free of heavy work before the service worker registers. */
const INSTALL_AFTER_QUIET_MS = 2500;

/** Activates the waiting version; every tab reloads once on the switch. */
export function applyUpdate(): void {
  if (!wb) return;
  wb.messageSkipWaiting();
}

/**
 * What a check for updates found: `found` a newer version (downloading, or waiting for the
 * Reload the banner offers), `current` this is the latest, `unavailable` no service worker keeps
 * this copy (a development server or a browser without service workers).
 */
export type UpdateCheck = 'found' | 'current' | 'unavailable';

/** Asks the server for a newer service worker now; rejects when the server cannot be reached. */
export async function checkForUpdate(): Promise<UpdateCheck> {
  if (!wb || !('serviceWorker' in navigator)) return 'unavailable';
  const registration = await navigator.serviceWorker.getRegistration('/');
  if (!registration) return 'unavailable';
  await registration.update();
  return updateWaiting() || registration.installing !== null || registration.waiting !== null ? 'found' : 'current';
}
