// Whether an error means Postgres did not answer (it went away, restarts, refuses connections for now)
// rather than that the statement was wrong: the first is UNAVAILABLE to a client, which tries again;
// only the second is a bug. Errors come from node-pg as the server's SQLSTATE, as a socket's errno, or
// as pg's own messages for a connection that ended.

/** SQLSTATE classes and codes of an outage: 08 connection exception; 57P01-57P03 shutdown, crash,
 * cannot connect now; 53300 too many connections. */
const OUTAGE_STATES = [/^08[0-9A-Z]{3}$/, /^57P0[123]$/, /^53300$/];
const OUTAGE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const OUTAGE_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/, // the pool's connectionTimeoutMillis
  /^terminating connection/, // the server's notice, when it comes without a code
];

export function isDatabaseOutage(error: unknown): boolean {
  // An error may wrap its cause (kysely, our own wrappers): each of the chain is looked at, a few deep.
  for (let e = error, i = 0; typeof e === 'object' && e !== null && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (OUTAGE_ERRNOS.has(code) || OUTAGE_STATES.some((state) => state.test(code))))
      return true;
    if (typeof message === 'string' && OUTAGE_MESSAGES.some((m) => m.test(message))) return true;
  }
  return false;
}
