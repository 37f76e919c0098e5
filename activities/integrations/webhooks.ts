// What a vendor's webhook is (VendorWebhook: how its deliveries are signed, named and read), and what
// every vendor's parser shares: the body as a JSON object under the text rules of every other way in,
// readers for the few fields a parser takes, and the rule for the webhook's secret. Pure functions of a
// delivery, so api/webhooks/ (the HTTP side: routes, ticket lookup, records) imports them; activities/
// never imports api/.
import { z } from 'zod';
import { doc } from '../../platform/setting-docs.js';
import { unstorableText } from '../../platform/text.js';
import type { SignatureScheme } from './webhook-signatures.js';

/** A webhook's shared secret (long enough that guessing it is out of the question), described. */
export const webhookSecret = (meaning: string, endpoint: string) =>
  doc(
    z.string().min(16, 'must be at least 16 characters').optional(),
    `${meaning} (at least 16 characters)`,
    `\`${endpoint}\` answers 404`,
  );

export type DeliveryHeaders = Record<string, string | string[] | undefined>;

/** What a delivery says, in the words of the ticket's process. */
export interface WebhookEvent {
  /** The vendor's own id of the event: the signal's idempotency key, so a redelivery has no second effect. */
  eventId: string;
  eventType: string;
  /** The ids the vendor object goes by (a Jira issue's id and key). */
  objectIds: string[];
  /** The signal for the ticket, or none when the event means nothing to a ticket. */
  signal?: { name: string; payload: Record<string, unknown> };
}

export interface VendorWebhook {
  /** The variable that holds its secret: unset, /webhooks/<vendor> answers 404. */
  secretVariable: string;
  signature: SignatureScheme;
  /** The header that names a delivery, where the vendor sends one: a delivery goes by it before its body
   * is read (or trusted). */
  deliveryIdHeader?: string;
  /** The delivery's body (a JSON object) as an event; MalformedDelivery when it is not the vendor's payload.
   * Reads only the few fields it needs: the rest varies by site and version and is none of our business. */
  event(body: Record<string, unknown>, headers: DeliveryHeaders): WebhookEvent;
}

/** A delivery whose body is not what the vendor sends: answered 400. */
export class MalformedDelivery extends Error {}

/** The body as the JSON object every vendor sends. */
export function deliveryJson(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedDelivery('the body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MalformedDelivery('the body is not a JSON object');
  // The text rule of every other way in (platform/text.ts): what Postgres cannot store, or nests too
  // deep to walk, would fail the lookups and records below as a 500.
  const [problem] = unstorableText(value);
  if (problem) throw new MalformedDelivery(`${problem.path}: ${problem.message}`);
  return value as Record<string, unknown>;
}

/** A field as an object; anything else as an empty one, so a missing field reads as missing. */
export const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** A field that must hold text (or a number); MalformedDelivery naming `what` when it does not. */
export function requiredText(value: unknown, what: string): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') throw new MalformedDelivery(`${what} is missing`);
  return value.trim();
}

/** A field that may hold text. */
export const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
