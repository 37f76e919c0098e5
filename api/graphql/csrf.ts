// CSRF prevention: a POST whose content type a plain HTML form can send (multipart/form-data, an
// upload; urlencoded; text/plain) is a CORS "simple" request that a browser sends cross-site without
// asking first. Such a request must carry a header that only script sets, which makes the browser ask
// (preflight) and so apply the CORS allow-list. JSON POSTs are preflighted already; GET runs no
// mutation. Refused before the body is read.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Either, with any non-empty value. */
export const CSRF_HEADERS = ['x-graphql-csrf', 'graphql-preflight'] as const;

const FORM_CONTENT_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded', 'text/plain'];

export const csrfPrevention: Plugin = {
  onRequestParse({ request }) {
    if (request.method !== 'POST') return;
    const type = (request.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
    if (!FORM_CONTENT_TYPES.includes(type)) return;
    if (CSRF_HEADERS.some((name) => request.headers.get(name))) return;
    throw new GraphQLError(
      `a ${type} request must carry the header ${CSRF_HEADERS[0]} (or ${CSRF_HEADERS[1]}) with any value`,
      { extensions: { code: 'FORBIDDEN', reason: 'CSRF_HEADER_MISSING', http: { status: 403 } } },
    );
  },
};
