// Is a delivery from the vendor? Each vendor signs the raw request body with an HMAC keyed on the secret
// both sides hold, and sends it in a header with an algorithm prefix (each vendor's scheme is in its
// webhook.ts). The digest is computed over the bytes received (never re-serialised JSON) and compared
// in constant time, so a forged signature learns nothing from how long the answer takes.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignatureScheme {
  header: string;
  prefix: string;
  algorithm: 'sha256' | 'sha1';
}

/** The header value a vendor sends for `body` (tests sign their deliveries with it too). */
export function sign(scheme: SignatureScheme, secret: string, body: Buffer | string): string {
  return scheme.prefix + createHmac(scheme.algorithm, secret).update(body).digest('hex');
}

/** Why a delivery's signature does not hold, or undefined when it does. */
export function signatureProblem(
  scheme: SignatureScheme,
  secret: string,
  body: Buffer,
  header: string | string[] | undefined,
): string | undefined {
  const { header: name, prefix } = scheme;
  if (typeof header !== 'string' || header === '') return `the ${name} header is missing`;
  if (!header.toLowerCase().startsWith(prefix)) return `the ${name} header does not start with ${prefix}`;
  const expected = Buffer.from(sign(scheme, secret, body).slice(prefix.length), 'hex');
  const given = Buffer.from(header.slice(prefix.length).trim().toLowerCase(), 'hex');
  // Lengths are public (the algorithm's); only equal-length buffers can be compared in constant time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return `the ${name} signature does not match the body`;
  return undefined;
}
