// Is a delivery from the vendor? Each vendor signs the raw request body with an HMAC keyed on the
// secret both sides hold, and sends it in a header with an algorithm prefix:
//   Jira Cloud (admin webhooks with a secret)  X-Hub-Signature: sha256=<hex>       (WebSub)
//   Autodesk APS webhooks (secret token)      x-adsk-signature: sha1hash=<hex>
//   Salesforce (our Apex/Flow callout)        X-Ticketflow-Signature: sha256=<hex>
// Salesforce has no signing of its own for outbound calls, so its callout signs the way Jira does.
// The digest is computed over the bytes received (never re-serialised JSON) and compared in constant
// time, so a forged signature learns nothing from how long the answer takes.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookVendor = 'jira' | 'salesforce' | 'aps';

interface Scheme {
  header: string;
  prefix: string;
  algorithm: 'sha256' | 'sha1';
}

export const signatureSchemes: Record<WebhookVendor, Scheme> = {
  jira: { header: 'x-hub-signature', prefix: 'sha256=', algorithm: 'sha256' },
  salesforce: { header: 'x-ticketflow-signature', prefix: 'sha256=', algorithm: 'sha256' },
  aps: { header: 'x-adsk-signature', prefix: 'sha1hash=', algorithm: 'sha1' },
};

/** The header value a vendor sends for `body` (tests sign their deliveries with it too). */
export function sign(vendor: WebhookVendor, secret: string, body: Buffer | string): string {
  const { prefix, algorithm } = signatureSchemes[vendor];
  return prefix + createHmac(algorithm, secret).update(body).digest('hex');
}

/** Why a delivery's signature does not hold, or undefined when it does. */
export function signatureProblem(
  vendor: WebhookVendor,
  secret: string,
  body: Buffer,
  header: string | string[] | undefined,
): string | undefined {
  const { header: name, prefix } = signatureSchemes[vendor];
  if (typeof header !== 'string' || header === '') return `the ${name} header is missing`;
  if (!header.toLowerCase().startsWith(prefix)) return `the ${name} header does not start with ${prefix}`;
  const expected = Buffer.from(sign(vendor, secret, body).slice(prefix.length), 'hex');
  const given = Buffer.from(header.slice(prefix.length).trim().toLowerCase(), 'hex');
  // Lengths are public (the algorithm's); only equal-length buffers can be compared in constant time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return `the ${name} signature does not match the body`;
  return undefined;
}
