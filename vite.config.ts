import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { headerPolicy, parseOrigins, policyOf, withConnectOrigins, withoutPolicy, withPolicy } from './scripts/csp.js';

const emptyModule = fileURLToPath(new URL('./src/app/empty-module.ts', import.meta.url));
/** ccxt's per-exchange WebSocket classes: the package exports only its root (see src/data/exchange/ccxt-pro-modules.d.ts). */
const ccxtPro = fileURLToPath(new URL('./node_modules/ccxt/js/src/pro/', import.meta.url));

/** Extra connect-src origins for a build that talks to exchanges through a CORS proxy (README → Deploying). */
const extraOrigins = parseOrigins('CANDLELAB_CONNECT_SRC', process.env.CANDLELAB_CONNECT_SRC);
/** The policy of index.html's meta tag with those origins: the built page carries it, `vite preview` sends it as a header too. */
const policy = withConnectOrigins(policyOf(readFileSync(fileURLToPath(new URL('./index.html', import.meta.url)), 'utf8')), extraOrigins);

/**
 * The Content-Security-Policy meta tag: the build keeps it (with any extra connect-src origins);
 * the development server drops it, since Vite injects styles as <style> elements and reloads over
 * its own socket there. `npm start` and the end-to-end tests run the built app under the policy.
 */
function contentSecurityPolicy(): Plugin {
  let serving = false;
  return {
    name: 'candlelab-csp',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    transformIndexHtml(html) {
      return serving ? withoutPolicy(html) : withPolicy(html, policy);
    },
  };
}

export default defineConfig({
  plugins: [
    contentSecurityPolicy(),
    solid(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'Candlelab — trading research lab',
        short_name: 'Candlelab',
        description:
          'Download exchange candles, build signals, backtest and stress-test strategies and paper-trade them — all in your browser, offline.',
        theme_color: '#0f766e',
        background_color: '#0b1220',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'],
        navigateFallback: 'index.html',
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  resolve: {
    alias: [
      { find: 'undici', replacement: emptyModule },
      { find: /^ccxt\/pro\/(binance|coinbase|okx)$/, replacement: `${ccxtPro}$1.js` },
    ],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 6000,
  },
  // The header form of the policy, so the preview also governs the workers and the service worker.
  preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': headerPolicy(policy) } },
});
