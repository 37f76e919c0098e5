// The web app's built files (web/dist, made by Vite) served by the API process, so that the app and
// /graphql share one origin: the refresh cookie (path /graphql) and same-origin fetches need no CORS.
// Hashed assets are cached for good; index.html is never cached and answers every page path the
// app routes itself (/tickets/IT-000001 opened directly or reloaded).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

/** Paths the API answers itself: never the app's index.html. */
const API_PATHS = /^\/(graphql|attachments|healthz|readyz|metrics|dev)(\/|$)/;

/**
 * What the app's pages may do: its own scripts and styles, calls to its own origin, pictures from
 * itself and from blob: URLs (downloads in progress); nothing may frame it. Inline styles are
 * allowed (inline scripts are not): the admin editor (CodeMirror) adds its theme as style elements.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function webApp(dist: string): Router {
  const router = express.Router();
  const index = join(dist, 'index.html');
  const headers = (res: express.Response) =>
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
  router.use(
    '/assets',
    express.static(join(dist, 'assets'), {
      immutable: true,
      maxAge: '365d',
      fallthrough: false,
      setHeaders: headers,
    }),
  );
  router.use(express.static(dist, { index: false, setHeaders: headers }));
  router.get(/.*/, (req, res, next) => {
    if (API_PATHS.test(req.path) || !req.accepts('html')) return next();
    headers(res);
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

/** The built app's folder when a build is there (npm start makes one; so does the Docker image). */
export function builtWebApp(dist: string): string | undefined {
  return existsSync(join(dist, 'index.html')) ? dist : undefined;
}
