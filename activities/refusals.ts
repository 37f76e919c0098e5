// A signal the workflow delivered to itself and refused — an ERP order's new status in a state that does
// not take it — kept where the API keeps the refusals of the signals systems send (the audit log), so
// the ticket's timeline shows it beside them. Idempotent: kept once per the signal's idempotency key,
// so a retried record finds it there.
import type { Db } from '../platform/store/db.js';
import { recordRefusal } from '../platform/store/refusals.js';
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
  const { reason, message, details } = r.refusal;
  await recordRefusal(
    db,
    {
      actor: `system:${r.source}`,
      action: 'signal',
      number: r.number,
      details: { name: r.name, reason, message, ...details },
    },
    r.idempotencyKey,
  );
}
