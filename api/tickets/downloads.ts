// Downloading an attachment: GET /attachments/:id with the Authorization header that /graphql takes
// (a person's access token; API keys have no scope for files). Whoever may see the ticket gets the
// bytes; anyone else gets 404, as if the attachment did not exist. The answer is a download that no
// browser renders or runs: served as an attachment, never sniffed, sandboxed by its CSP.
import { createReadStream } from 'node:fs';
import express, { type Request, type Response, type Router } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from '../../platform/log.js';
import type { Db } from '../../platform/store/db.js';
import type { TokenSettings } from '../auth/tokens.js';
import type { ErrorCode } from '../../platform/errors.js';
import { fromAppError } from '../graphql/errors.js';
import { asPerson, requirePerson, viewerOf } from '../graphql/viewer.js';
import type { Services } from '../services.js';
import { findVisibleAttachment } from '../../platform/tickets/queries.js';

export const downloadPath = (id: string) => `/attachments/${id}`;

export interface DownloadDeps {
  db: Db;
  tokens: TokenSettings;
  services: Services;
  log: Logger;
  /** Browser origins allowed besides the API's own (CORS_ORIGINS), as for /graphql. */
  corsOrigins: string[];
}

const statusOf: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNAVAILABLE: 503,
};

/** `filename*` (RFC 6266, RFC 8187) carries the name as it is; `filename` an ASCII stand-in for old clients. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function createDownloads(deps: DownloadDeps): Router {
  const router = express.Router();

  // Browsers on an allowed origin (the web UI in development) read the file and its name.
  const cors = (req: Request, res: Response) => {
    const origin = req.headers.origin;
    if (!origin || !deps.corsOrigins.includes(origin)) return;
    res.set({
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Expose-Headers': 'Content-Disposition, Content-Length',
      Vary: 'Origin',
    });
  };
  router.options('/attachments/:id', (req, res) => {
    cors(req, res);
    res.set({ 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': 'authorization' });
    res.status(204).end();
  });

  router.get('/attachments/:id', async (req, res) => {
    cors(req, res);
    res.set('Cache-Control', 'private, no-store');
    let path: string;
    let row: Awaited<ReturnType<typeof findVisibleAttachment>>;
    try {
      const viewer = await viewerOf(deps.db, deps.tokens, req.headers.authorization ?? null);
      row = await findVisibleAttachment(deps.db, asPerson(requirePerson(viewer)), req.params.id!);
      path = deps.services.tickets.attachments.path(row.sha256);
    } catch (error) {
      return refuse(res, error, deps.log);
    }
    res.set({
      'Content-Type': row.content_type,
      'Content-Length': String(row.size),
      'Content-Disposition': contentDisposition(row.filename),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    if (req.method === 'HEAD') return void res.end();
    const bytes = createReadStream(path);
    bytes.once('error', (error) => {
      deps.log.error({ err: error, attachmentId: row.id }, 'the bytes of an attachment cannot be read');
      if (res.headersSent) return void res.destroy();
      res.removeHeader('Content-Disposition');
      res.removeHeader('Content-Length');
      answer(res, 500, 'Unexpected error.', { code: 'INTERNAL_SERVER_ERROR' });
    });
    bytes.pipe(res);
  });

  return router;
}

/** A refusal with the code /graphql would give, as an HTTP status and a GraphQL-shaped body. */
function refuse(res: Response, error: unknown, log: Logger) {
  // Ours, or Postgres not answering (UNAVAILABLE, 503): mapped as /graphql maps them.
  const mapped = fromAppError(error);
  if (!(mapped instanceof GraphQLError)) {
    log.error({ err: error }, 'unexpected error serving an attachment');
    return answer(res, 500, 'Unexpected error.', { code: 'INTERNAL_SERVER_ERROR' });
  }
  if (mapped.extensions.code === 'UNAUTHENTICATED') res.set('WWW-Authenticate', 'Bearer');
  answer(res, statusOf[mapped.extensions.code as ErrorCode] ?? 400, mapped.message, mapped.extensions);
}

function answer(res: Response, status: number, message: string, extensions: Record<string, unknown>) {
  res.status(status).json({ errors: [{ message, extensions }] });
}
