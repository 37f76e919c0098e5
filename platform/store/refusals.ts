// A change a ticket refused, kept in the audit log, where the ticket's timeline finds it beside its
// events: the refusals of what people and systems send through the API, and those of the signals a
// workflow delivers to itself.
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface Refused {
  /** A person's id, or `system:<source>`. */
  actor: string;
  /** What was refused (`move`, `signal`, …): kept as `<action>.refused`. */
  action: string;
  number: string;
  details: Record<string, unknown>;
}

/**
 * Keeps the refusal. With `onceFor` (its details' `idempotencyKey`), a refusal already kept under that
 * key is not kept again, so a retried record (an activity's) has one effect.
 */
export async function recordRefusal(db: Db, refusal: Refused, onceFor?: string): Promise<void> {
  const row = {
    actor: refusal.actor,
    action: `${refusal.action}.refused`,
    subject: `ticket:${refusal.number}`,
    details: JSON.stringify(onceFor === undefined ? refusal.details : { ...refusal.details, idempotencyKey: onceFor }),
  };
  if (onceFor === undefined) {
    await db.insertInto('audit_log').values(row).execute();
    return;
  }
  await sql`
    insert into audit_log (actor, action, subject, details)
    select ${row.actor}, ${row.action}, ${row.subject}, ${row.details}::jsonb
    where not exists (
      select 1 from audit_log
      where subject = ${row.subject} and action = ${row.action} and details->>'idempotencyKey' = ${onceFor})
  `.execute(db);
}
