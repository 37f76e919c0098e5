// The keys that make a request safe to send again (a create's idempotency key, a change's update id, a
// signal's idempotency key) mean "the same request again" only for the caller who sent them: a person,
// an API key, or a vendor's webhook endpoint. Another caller sending the same key makes a new request
// of their own, and never reaches, learns of or blocks the first caller's. So every key is scoped to
// its caller before it is looked up, stored or handed to Temporal; what a request stores beside its
// change (long texts, a comment) gets ids derived from the scoped key, so a retry stores nothing twice.
import { createHash } from 'node:crypto';
import type { Person } from '../../workflows/ticket/model.js';

/**
 * Who sent a request, as keys are scoped: `person:<user id>`, `api-key:<key id>` (a rotated key is a
 * new key: a retry under it is a new request), `webhook:<vendor>` (keys are the vendor's event ids).
 */
export type Caller = `person:${string}` | `api-key:${string}` | `webhook:${string}` | `system:${string}`;

export const personCaller = (person: Pick<Person, 'userId'>): Caller => `person:${person.userId}`;

/** The key as it is kept and sent on: the caller's own, within the caller's scope. */
export function scopedKey(caller: Caller, key: string): string {
  return `${caller}/${key}`;
}

/** A stable uuid for what one request stores under `purpose`: the same on every retry of it. */
export function derivedId(scoped: string, purpose: string): string {
  const hex = createHash('sha256').update(`${scoped}\u0000${purpose}`).digest('hex');
  // Shaped as an RFC 9562 version 8 (custom) uuid, so uuid columns take it.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
