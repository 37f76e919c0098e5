// A change the workflow refused on its own account — a signal it delivers to itself, such as an ERP
// order's new status in a state that does not take it — kept where the API keeps the refusals of
// changes people and systems send (the audit log), so the ticket's timeline shows it beside them.
// Idempotent: a refusal is keyed by its signal's idempotency key, and a retried record finds it there.
import { sql } from 'kysely';
import type { Db } from '../platform/store/db.js';
import type { Refusal } from '../workflows/ticket/model.js';

export interface SignalRefusal {
  number: string;
  /** Who sent it, as `signalTicket` names a system: `system:<source>`. */
  source: string;
  name: string;
  idempotencyKey: string;
  refusal: Refusal;
}

export async function recordSignalRefusal(db: Db, r: SignalRefusal): Promise<void> {
  const subject = `ticket:${r.number}`;
  const details = {
    name: r.name,
    idempotencyKey: r.idempotencyKey,
    reason: r.refusal.reason,
    message: r.refusal.message,
    ...r.refusal.details,
  };
  await sql`
    insert into audit_log (actor, action, subject, details)
    select ${`system:${r.source}`}, 'signal.refused', ${subject}, ${JSON.stringify(details)}::jsonb
    where not exists (
      select 1 from audit_log
      where subject = ${subject} and action = 'signal.refused' and details->>'idempotencyKey' = ${r.idempotencyKey})
  `.execute(db);
}
