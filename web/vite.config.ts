import { defineConfig } from 'vite';

/**
 * The web app (web/): one single-page app served on the API's origin. Built by `npm run build:web`
 * or, when stale, by `npm start` (infra/local/web-app.ts). Preact's JSX is compiled by Vite's own
 * oxc transform: no Babel, no plugin.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    // Small images (Leaflet's control sprites) inline; nothing is fetched from another origin.
    assetsInlineLimit: 4096,
    reportCompressedSize: false,
  },
});
