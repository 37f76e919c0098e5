// The record of inbound webhook deliveries: every one, accepted or refused, with why, so that an admin
// can see what a vendor sent and what became of it (the `webhookDeliveries` query) without the logs.
// Anyone may POST to the endpoints, so the record is kept for a while only (pruneDeliveries).
import type { Db } from '../../platform/store/db.js';
import type { WebhookDeliveriesTable } from '../../platform/store/schema.js';

export type DeliveryOutcome = WebhookDeliveriesTable['outcome'];

export interface DeliveryRecord {
  vendor: string;
  eventId?: string;
  eventType?: string;
  outcome: DeliveryOutcome;
  status: number;
  reason?: string;
  tickets?: string[];
}

export async function recordDelivery(db: Db, delivery: DeliveryRecord): Promise<void> {
  await db
    .insertInto('webhook_deliveries')
    .values({
      vendor: delivery.vendor,
      event_id: delivery.eventId?.slice(0, 500) ?? null,
      event_type: delivery.eventType?.slice(0, 200) ?? null,
      outcome: delivery.outcome,
      status: delivery.status,
      reason: delivery.reason?.slice(0, 1000) ?? null,
      tickets: delivery.tickets ?? [],
    })
    .execute();
}

/** The most recent deliveries, newest first; of one vendor, or refused ones only, when asked. */
export function recentDeliveries(db: Db, filter: { vendor?: string; outcome?: DeliveryOutcome; first: number }) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .$if(filter.vendor !== undefined, (qb) => qb.where('vendor', '=', filter.vendor!))
    .$if(filter.outcome !== undefined, (qb) => qb.where('outcome', '=', filter.outcome!))
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.first)
    .execute();
}

/** Deliveries are kept this long: enough to look into a vendor's problem, not a store that callers fill. */
export const DELIVERY_RETENTION_DAYS = 30;

/** Removes deliveries older than the retention; how many. */
export async function pruneDeliveries(db: Db, days = DELIVERY_RETENTION_DAYS): Promise<number> {
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('received_at', '<', new Date(Date.now() - days * 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
