// Vite builds the web app from web/ into web/dist, which the API serves (`npm start`). `npm run dev`
// serves web/ with hot reload instead and passes /graphql and /attachments to the API of a running
// `npm start` (API_HOST/API_PORT as it uses them), so the app talks to one origin either way.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { CSP_NONCE_PLACEHOLDER } from './api/web/csp-nonce.js';

const apiHost = !process.env.API_HOST || process.env.API_HOST === '0.0.0.0' ? '127.0.0.1' : process.env.API_HOST;
const api = `http://${apiHost}:${process.env.API_PORT ?? '4000'}`;

export default defineConfig({
  root: 'web',
  plugins: [react()],
  // The API puts a fresh nonce in place of the placeholder for each page it serves (api/web/static.ts).
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: api },
      '/attachments': { target: api },
    },
  },
});
