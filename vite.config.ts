import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';

const emptyModule = fileURLToPath(new URL('./src/app/empty-module.ts', import.meta.url));
/** ccxt's per-exchange WebSocket classes: the package exports only its root (see src/data/exchange/ccxt-pro-modules.d.ts). */
const ccxtPro = fileURLToPath(new URL('./node_modules/ccxt/js/src/pro/', import.meta.url));

export default defineConfig({
  plugins: [
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
  preview: { port: 4173, strictPort: true },
});
