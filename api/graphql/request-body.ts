// The one size limit of a GraphQL request, for every way one comes in: a body of any content type
// (JSON, application/graphql, form-encoded, anything else yoga might read) and a GET's URL. Yoga reads
// what it is given without a limit of its own, so every body is read here first, bounded, and handed
// on: JSON parsed, the rest as bytes yoga parses by their content type. Multipart bodies (uploads) pass
// through: yoga bounds them by the attachment limit (uploads.ts). Over the limit: 413, a coded error.
import type { IncomingMessage } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

/** A request body (or GET URL) larger than this is refused before it is read further. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
const LIMIT_TEXT = '1 MiB';

const isMultipart = (req: IncomingMessage) =>
  (req.headers['content-type'] ?? '').toLowerCase().trimStart().startsWith('multipart/');
const isJson = (req: IncomingMessage) =>
  /^application\/(graphql\+)?json\s*(;|$)/i.test(req.headers['content-type'] ?? '');

/** A GET's operation comes in its URL: bounded like a body (Node itself refuses heads over 16 KiB). */
const boundedUrl: RequestHandler = (req, res, next) => {
  if (Buffer.byteLength(req.originalUrl) > MAX_REQUEST_BYTES) return void tooLarge(res);
  next();
};

/** JSON parsed (yoga takes the object as it is); every other body but multipart read as bytes. */
const json = express.json({ limit: MAX_REQUEST_BYTES, type: isJson });
const bytes = express.raw({ limit: MAX_REQUEST_BYTES, type: (req) => !isJson(req) && !isMultipart(req) });

/** Bytes already inflated must not be inflated again by yoga. */
const inflated: RequestHandler = (req, _res, next) => {
  if (Buffer.isBuffer(req.body)) delete req.headers['content-encoding'];
  next();
};

export const graphqlBody: RequestHandler[] = [boundedUrl, json, bytes, inflated];

function tooLarge(res: Parameters<RequestHandler>[1]) {
  res.status(413).json({
    errors: [
      {
        message: `the request is larger than ${LIMIT_TEXT}`,
        extensions: { code: 'BAD_USER_INPUT', reason: 'REQUEST_TOO_LARGE' },
      },
    ],
  });
}

/** What body-parser refused, by its error's type; a type not listed keeps body-parser's own message. */
const bodyProblems: Record<string, string> = {
  'entity.parse.failed': 'the request body is not valid JSON',
  'charset.unsupported': 'the request body must be UTF-8 (charset=utf-8)',
  'encoding.unsupported': 'the request body has a content encoding this endpoint does not read',
};

/** A body too large, not JSON, in another charset… gets a GraphQL-shaped answer with a code and its
 * status (413, 400, 415), never an HTML 500 page. */
export const bodyErrors: ErrorRequestHandler = (
  error: { status?: number; type?: string; message?: string },
  _req,
  res,
  next,
) => {
  if (!error.status || error.status >= 500) return next(error);
  if (error.type === 'entity.too.large') return tooLarge(res);
  const message = bodyProblems[error.type ?? ''] ?? error.message ?? 'the request body cannot be read';
  res.status(error.status).json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_BODY' } }] });
};
