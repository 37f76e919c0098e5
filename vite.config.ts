// Vite builds the web app from web/ into web/dist, which the API serves (`npm start`). `npm run dev`
// serves web/ with hot reload instead and passes /graphql and /attachments to the API of a running
// `npm start` (API_HOST/API_PORT as it uses them), so the app talks to one origin either way.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CSP_NONCE_PLACEHOLDER } from './api/web/csp-nonce.js';

const apiHost = !process.env.API_HOST || process.env.API_HOST === '0.0.0.0' ? '127.0.0.1' : process.env.API_HOST;
const api = `http://${apiHost}:${process.env.API_PORT ?? '4000'}`;

/** The app's code (web/src/root.tsx, which main.tsx imports once the page load's early requests are
 * out) is preloaded by the page itself, so that it downloads while those requests are under way. */
function preloadApp(): Plugin {
  return {
    name: 'ticketflow-preload-app',
    apply: 'build',
    transformIndexHtml(_html, { bundle }) {
      const chunks = new Map(Object.values(bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c]] : [])));
      const root = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith('/src/root.tsx'));
      const files = new Set<string>();
      const add = (file: string) => {
        if (files.has(file)) return;
        files.add(file);
        for (const imported of chunks.get(file)?.imports ?? []) add(imported);
      };
      if (root) add(root.fileName);
      return [...files].map((file) => ({
        tag: 'link',
        attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
        injectTo: 'head' as const,
      }));
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [react(), preloadApp()],
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
