// POST /webhooks/<vendor> for each vendor of the list with a webhook (jira, salesforce, aps: see
// activities/integrations/vendors.ts): vendors tell tickets what happened on their side. A delivery is
// verified and read by the vendor's own pure functions (activities/integrations/<vendor>/webhook.ts),
// matched to its tickets (linked-tickets.ts) and sent to each as the signal its process declares,
// through the same ticket service as signalTicket: payload texts stored in Postgres, the vendor's event
// id as the idempotency key, so a redelivery has one effect. Every delivery is logged and recorded
// (deliveries.ts).
//
// Answers, chosen so that a vendor retries only what a retry can fix (Jira Cloud retries 408, 409,
// 425, 429 and 5xx; APS and Salesforce callouts retry failures too):
//   200 accepted, a duplicate, or nothing to do    404 not configured, or no ticket has the object
//   400 a body that is not the vendor's payload     413 a body over 256 KiB
//   401 a missing or wrong signature                422 the signal does not apply in the ticket's state
//   503 the ticket's workflow did not answer in time (retried: the event id makes it apply once)
import { createHash } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { webhookReceivers, type WebhookReceiver, type WebhookVendor } from '../../activities/integrations/vendors.js';
import { signatureProblem } from '../../activities/integrations/webhook-signatures.js';
import { deliveryJson, MalformedDelivery, type WebhookEvent } from '../../activities/integrations/webhooks.js';
import type { WebhookSecrets } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';
import type { Db } from '../../platform/store/db.js';
import { textProblem } from '../../platform/text.js';
import type { IntegrationSystem } from '../../workflows/process/vocabulary.js';
import type { Services } from '../services.js';
import { getProcessVersion } from '../../platform/tickets/store.js';
import { recordDelivery, type DeliveryOutcome, type DeliveryRecord } from './deliveries.js';
import { findLinkedTickets, type LinkedTicket } from './linked-tickets.js';

export interface WebhookDeps {
  db: Db;
  log: Logger;
  services: Services;
  secrets: WebhookSecrets;
}

/** Vendors' webhook bodies are a few KiB; a larger one is refused while it is read. */
const MAX_WEBHOOK_BODY = '256kb';

/** A delivery's event, with the vendor that sent it and the system whose object it is about. */
interface VendorEvent extends WebhookEvent {
  vendor: WebhookVendor;
  system: IntegrationSystem;
}

interface TicketOutcome {
  number: string;
  outcome: DeliveryOutcome | 'retry';
  reason?: string;
}

export function webhookRoutes(deps: WebhookDeps): Router {
  const router = express.Router();
  for (const receiver of webhookReceivers) {
    const path = `/webhooks/${receiver.name}`;
    router.post(path, express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY }), (req, res, next) => {
      receive(deps, receiver, req, res).catch(next);
    });
  }
  router.use('/webhooks', tooLarge(deps));
  return router;
}

async function receive(deps: WebhookDeps, receiver: WebhookReceiver, req: Request, res: Response): Promise<void> {
  const { name: vendor, webhook } = receiver;
  // Before the body is read (or trusted), the delivery goes by the id its headers claim, if any.
  const header = webhook.deliveryIdHeader && req.headers[webhook.deliveryIdHeader];
  // Not recorded when Postgres could not store it (U+0000): the delivery is then known by its body.
  const claimed = typeof header === 'string' && !textProblem(header) ? header : undefined;
  const answer = async (status: number, record: Omit<DeliveryRecord, 'vendor' | 'status'>, body: object = {}) => {
    const delivery = { vendor, status, ...(typeof claimed === 'string' && { eventId: claimed }), ...record };
    if (record.outcome === 'refused') deps.log.warn({ webhook: delivery }, 'webhook delivery refused');
    else deps.log.info({ webhook: delivery }, 'webhook delivery');
    await recordDelivery(deps.db, delivery);
    res.status(status).json({ outcome: record.outcome, ...(record.reason && { message: record.reason }), ...body });
  };

  const secret = deps.secrets[vendor];
  if (!secret)
    return answer(404, {
      outcome: 'refused',
      reason: `the ${vendor} webhook is not configured (${webhook.secretVariable})`,
    });
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const unsigned = signatureProblem(webhook.signature, secret, body, req.headers[webhook.signature.header]);
  if (unsigned) return answer(401, { outcome: 'refused', reason: unsigned });

  let event: VendorEvent;
  try {
    event = { vendor, system: receiver.system, ...webhook.event(deliveryJson(body), req.headers) };
  } catch (error) {
    if (!(error instanceof MalformedDelivery)) throw error;
    return answer(400, { outcome: 'refused', reason: `malformed ${vendor} delivery: ${error.message}` });
  }
  const described = { eventId: event.eventId, eventType: event.eventType };
  const tickets = await findLinkedTickets(deps.db, event.system, event.objectIds);
  if (tickets.length === 0)
    return answer(404, {
      ...described,
      outcome: 'refused',
      reason: `no ticket is linked to ${event.system} ${event.objectIds.join(' / ')}`,
    });
  if (!event.signal)
    return answer(200, { ...described, outcome: 'ignored', reason: `${event.eventType} means nothing to a ticket` });

  const outcomes: TicketOutcome[] = [];
  for (const ticket of tickets) outcomes.push(await deliver(deps, event, ticket));
  const numbers = outcomes.map((o) => o.number);
  const reasons = outcomes.flatMap((o) => (o.reason ? [`${o.number}: ${o.reason}`] : [])).join('; ') || undefined;
  const record = (outcome: DeliveryOutcome) => ({
    ...described,
    outcome,
    tickets: numbers,
    ...(reasons && { reason: reasons }),
  });
  const has = (outcome: TicketOutcome['outcome']) => outcomes.some((o) => o.outcome === outcome);
  const reply = { signal: event.signal.name, tickets: outcomes };
  if (has('retry')) return answer(503, record('refused'), reply);
  if (has('accepted')) return answer(200, record('accepted'), reply);
  if (has('duplicate')) return answer(200, record('duplicate'), reply);
  if (has('refused')) return answer(422, record('refused'), reply);
  return answer(200, record('ignored'), reply);
}

/** Sends the event's signal to one ticket, when its process declares it. */
async function deliver(deps: WebhookDeps, event: VendorEvent, ticket: LinkedTicket): Promise<TicketOutcome> {
  const signal = event.signal!;
  const row = await deps.db
    .selectFrom('tickets')
    .select(['process_key', 'process_version'])
    .where('id', '=', ticket.id)
    .executeTakeFirstOrThrow();
  const { definition } = await getProcessVersion(deps.db, row.process_key, row.process_version);
  if (!definition.signals?.some((s) => s.name === signal.name))
    return { number: ticket.number, outcome: 'ignored', reason: `its process does not declare ${signal.name}` };
  try {
    const result = await deps.services.tickets.deliverSignal(
      ticket.number,
      {
        name: signal.name,
        payload: signal.payload,
        idempotencyKey: idempotencyKey(event),
        source: `${event.vendor}-webhook`,
      },
      `webhook:${event.vendor}`,
    );
    return { number: ticket.number, outcome: result.duplicate ? 'duplicate' : 'accepted' };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'UNAVAILABLE' || error.code === 'CONFLICT')
      return { number: ticket.number, outcome: 'retry', reason: error.message };
    if (error.code === 'NOT_FOUND') return { number: ticket.number, outcome: 'ignored', reason: error.message };
    return { number: ticket.number, outcome: 'refused', reason: error.message };
  }
}

/** The vendor's event id as a signal idempotency key (at most 200 characters: a long one by its hash). */
function idempotencyKey(event: VendorEvent): string {
  const key = `${event.vendor}:${event.eventId}`;
  return key.length <= 200 ? key : `${event.vendor}:sha256:${createHash('sha256').update(event.eventId).digest('hex')}`;
}

/** A body over the limit (express.raw stops reading it) is refused and recorded like any other. */
function tooLarge(deps: WebhookDeps): ErrorRequestHandler {
  return (error: { status?: number; type?: string }, req, res, next) => {
    if (error.type !== 'entity.too.large') return next(error);
    const vendor = req.path.replace(/^\//, '');
    const reason = `the body is larger than ${MAX_WEBHOOK_BODY}`;
    deps.log.warn({ webhook: { vendor, status: 413, reason } }, 'webhook delivery refused');
    recordDelivery(deps.db, { vendor, outcome: 'refused', status: 413, reason })
      .then(() => res.status(413).json({ outcome: 'refused', message: reason }))
      .catch(next);
  };
}
