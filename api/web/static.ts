// The web app's built files (web/dist, made by Vite) served by the API process, so that the app and
// /graphql share one origin: the refresh cookie (path /graphql) and same-origin fetches need no CORS.
// Hashed assets are cached for good; index.html is never cached and answers every page path the
// app routes itself (/tickets/IT-000001 opened directly or reloaded), with a fresh CSP nonce each time.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { CSP_NONCE_PLACEHOLDER, newCspNonce } from './csp-nonce.js';

/** Paths the API answers itself: never the app's index.html. */
const API_PATHS = /^\/(graphql|attachments|healthz|readyz|metrics|dev)(\/|$)/;

/**
 * What the app's pages may do: its own scripts and styles, calls to its own origin, pictures from
 * itself and from blob: URLs (downloads in progress); nothing may frame it. Inline scripts and style
 * attributes are refused; style elements only with the page's nonce (CodeMirror adds its themes as
 * style elements and passes the nonce on). Styles that React, React Flow and CodeMirror set on
 * elements go through the CSSOM (element.style), which the policy does not govern, so no
 * 'unsafe-inline' is needed for style attributes either.
 */
export function contentSecurityPolicy(nonce?: string): string {
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function webApp(dist: string): Router {
  const router = express.Router();
  const index = join(dist, 'index.html');
  const headers = (res: express.Response, nonce?: string) =>
    res.set({
      'Content-Security-Policy': contentSecurityPolicy(nonce),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
  /** The page with this response's own nonce where Vite left the placeholder. */
  const sendIndex = async (res: express.Response) => {
    const nonce = newCspNonce();
    const html = (await readFile(index, 'utf8')).replaceAll(CSP_NONCE_PLACEHOLDER, nonce);
    headers(res, nonce);
    res.set('Cache-Control', 'no-cache');
    res.type('html').send(html);
  };
  router.use(
    '/assets',
    express.static(join(dist, 'assets'), {
      immutable: true,
      maxAge: '365d',
      fallthrough: false,
      setHeaders: (res) => headers(res),
    }),
  );
  router.get('/index.html', (_req, res) => sendIndex(res));
  router.use(express.static(dist, { index: false, setHeaders: (res) => headers(res) }));
  router.get(/.*/, async (req, res, next) => {
    if (API_PATHS.test(req.path) || !req.accepts('html')) return next();
    await sendIndex(res);
  });
  return router;
}

/** The built app's folder when a build is there (npm start makes one; so does the Docker image). */
export function builtWebApp(dist: string): string | undefined {
  return existsSync(join(dist, 'index.html')) ? dist : undefined;
}
