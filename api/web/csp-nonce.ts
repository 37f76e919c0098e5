// The placeholder Vite writes where each page's CSP nonce goes (html.cspNonce in vite.config.ts: a
// nonce attribute on the built page's script and link tags, and <meta property="csp-nonce">, which
// the app reads for the style elements it adds); the API replaces it with a fresh nonce per response.
import { randomBytes } from 'node:crypto';

export const CSP_NONCE_PLACEHOLDER = 'TICKETFLOW_CSP_NONCE';

/** 128 random bits, base64: a value no page can guess for the next one. */
export const newCspNonce = () => randomBytes(16).toString('base64');
