import { createSignal } from 'solid-js';

const [onlineSignal, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setOnline(true));
  window.addEventListener('offline', () => setOnline(false));
}

/** Whether the browser believes it has a network connection. */
export const online = onlineSignal;
