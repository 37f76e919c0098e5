// How the Salesforce adapter's requests go over the wire: jsforce's own transport, told to give each
// request a deadline and never to retry it (Temporal retries the whole call, with backoff, and a hidden
// retry would make a slow Salesforce look slower still), and to turn every answer of 400 or more into a
// SalesforceError that keeps the HTTP status and Salesforce's error body. jsforce takes neither
// per-request options on its record calls nor reports the status in its errors, and it would answer a
// 401 with a token refresh loop of its own: the transport is the one place all of that can be set.
import type { Connection } from 'jsforce';
// Not from 'jsforce' itself: its CommonJS entry does not carry StreamPromise at run time.
import { StreamPromise } from 'jsforce/lib/util/promise.js';
import { VendorRefusal } from '../types.js';

/** An answer of 400 or more from Salesforce (the REST API or its token endpoint). */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    /** Salesforce's error codes: errorCode of each REST error, or the OAuth `error`. */
    readonly codes: string[],
    message: string,
  ) {
    super(message);
    this.name = 'SalesforceError';
  }
}

/** Statuses a retry cannot change: bad fields or query, bad credentials, no permission, nothing there. */
const REFUSALS = new Set([400, 401, 403, 404, 405, 409, 410, 413, 415, 422]);
/** Error codes Salesforce sends with a 400/403 that pass with time: a locked row, the API limit of the day. */
const TEMPORARY_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE']);

/** Bounds every request of the connection and of its OAuth2 client (see the header). */
export function boundRequests(conn: Connection, timeoutMs: number): void {
  for (const transport of [conn._transport, conn.oauth2._transport]) {
    const send = transport.httpRequest.bind(transport);
    transport.httpRequest = (request, options) =>
      StreamPromise.create(() => {
        const sent = send(request, { ...options, timeout: timeoutMs, retry: { maxRetries: 0 } });
        return {
          stream: sent.stream(),
          promise: sent.then((response) => {
            if (response.statusCode >= 400) throw salesforceError(response.statusCode, response.body);
            return response;
          }),
        };
      });
  }
}

/** A Salesforce answer no retry can fix, with Salesforce's own words; undefined for what may pass. */
export function refusalOf(error: unknown): VendorRefusal | undefined {
  if (!(error instanceof SalesforceError) || !REFUSALS.has(error.status)) return undefined;
  if (error.codes.some((code) => TEMPORARY_CODES.has(code))) return undefined;
  return new VendorRefusal(error.status, error.message);
}

/** REST errors are [{ message, errorCode, fields }]; the token endpoint's are { error, error_description }. */
function salesforceError(status: number, body: string): SalesforceError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const said = (codes: string[], words: string) =>
    new SalesforceError(status, codes, `Salesforce answered ${status}: ${words.slice(0, 500)}`);
  if (Array.isArray(parsed)) {
    const errors = parsed as { message?: string; errorCode?: string; fields?: string[] }[];
    const words = errors.map(
      (e) => `${e.errorCode ?? 'ERROR'}: ${e.message ?? ''}${e.fields?.length ? ` (${e.fields.join(', ')})` : ''}`,
    );
    return said(
      errors.map((e) => e.errorCode ?? ''),
      words.join('; '),
    );
  }
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
    const { error, error_description: description } = parsed as { error: string; error_description?: string };
    return said([error], description ? `${error}: ${description}` : error);
  }
  return said([], body.trim() || `HTTP ${status}`);
}
