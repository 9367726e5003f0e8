import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** The web UI: built into dist/web, which the provider serves under /web/. */
export default defineConfig({
  root: webRoot,
  // Assets are addressed from /web/ because the provider serves the build there; client routes live under /web/ too.
  base: '/web/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The modulepreload polyfill is an inline script in dev only, but keep the built page free of inline script for the CSP.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npx vite --config web/vite.config.ts` against a provider on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/oauth': 'http://127.0.0.1:3000', '/avatars': 'http://127.0.0.1:3000' },
  },
});
