// Signals from external systems (and admins) to a ticket. A signal's idempotency key is scoped to its
// caller (request-keys.ts). A delivery of a key the ticket already took is answered as the duplicate it
// is: by the workflow, by the ticket's timeline (which keeps every signal's key, after the workflow has
// closed too), or, while the first delivery is still under way in this process, by waiting for it, so
// that a burst of redeliveries never meets Temporal's limit on changes in flight as a refusal. A burst
// from several replicas can meet that limit: such a delivery tries again until the update deadline,
// each time asking first whether another replica's delivery of the key has taken effect meanwhile.
// Payload texts go to Postgres first (the workflow gets their ids); a refused or failed signal leaves
// none behind, and a redelivery answered as a duplicate removes its own copy.
import { AppError } from '../errors.js';
import type { Db } from '../store/db.js';
import { parseInput } from '../validate.js';
import { signalUpdate, type SignalOutcome } from '../../workflows/ticket/messages.js';
import type { Person, SignalDelivery } from '../../workflows/ticket/model.js';
import { deadlineOf } from './call-deadline.js';
import type { Changes } from './changes.js';
import { DEFAULT_UPDATE_TIMEOUT_MS, type TicketWorkflows } from './ticket-workflows.js';
import { isRefusal, preparePayload, signalRequest } from './requests.js';
import { type Caller, scopedKey } from './request-keys.js';
import * as store from './store.js';

export function createSignalDelivery(db: Db, workflows: TicketWorkflows, changes: Changes) {
  /** Deliveries under way in this process, by ticket and scoped key. */
  const underWay = new Map<string, Promise<SignalOutcome>>();

  async function duplicate(number: string): Promise<SignalOutcome> {
    return { duplicate: true, ticket: await workflows.snapshot(number) };
  }

  async function send(number: string, delivery: SignalDelivery, ownKey: string): Promise<SignalOutcome> {
    const ticket = await store.findTicket(db, number);
    if (await store.tookSignal(db, ticket.id, delivery.idempotencyKey)) return duplicate(number);
    const system: Person = { userId: `system:${delivery.source}`, role: 'ADMIN' };
    const attempt = { name: delivery.name, idempotencyKey: ownKey };
    const def = (await store.getProcessVersion(db, ticket.process_key, ticket.process_version)).definition;
    const signal = (arg: SignalDelivery, undo?: () => Promise<void>) =>
      changes.change(number, system, 'signal', attempt, signalUpdate, arg, { undo }).catch(async (error: unknown) => {
        // Closed since the check above: a delivery that raced the first one in is still a duplicate.
        const closed = error instanceof AppError && error.details.reason === 'TICKET_CLOSED';
        if (closed && (await store.tookSignal(db, ticket.id, delivery.idempotencyKey))) return duplicate(number);
        throw error;
      });
    // An unknown signal is for the workflow to refuse; a payload that cannot fit any state, for us.
    const declared = def.signals?.find((s) => s.name === delivery.name);
    if (!declared) return signal(delivery);
    const prepared = preparePayload(def, delivery.name, delivery.payload);
    if (isRefusal(prepared)) throw await changes.refused(number, system, 'signal', attempt, prepared);
    const texts = await store.storeSignalTexts(db, ticket.id, delivery.idempotencyKey, prepared.texts);
    const outcome = await signal({ ...delivery, payload: { ...prepared.payload, ...texts.payload } }, () =>
      store.deleteTexts(db, texts.ids),
    );
    if (outcome.duplicate) await store.deleteTexts(db, texts.ids);
    else {
      const textKeys = (declared.payload ?? []).filter((p) => p.type === 'text' || p.type === 'longtext');
      await store.deleteOtherSignalTexts(
        db,
        ticket.id,
        delivery.idempotencyKey,
        textKeys.map((p) => p.key),
        texts.ids,
      );
    }
    return outcome;
  }

  /** `send`, again while the ticket is busy with other changes (a burst across replicas), until the
   * update deadline: each try starts by asking whether the key was taken meanwhile. */
  async function sendThroughBursts(number: string, delivery: SignalDelivery, ownKey: string) {
    const until = deadlineOf(DEFAULT_UPDATE_TIMEOUT_MS);
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(number, delivery, ownKey);
      } catch (error) {
        const busy = error instanceof AppError && error.details.reason === 'TOO_MANY_CONCURRENT_CHANGES';
        const pause = Math.min(100 * 2 ** attempt, 1000) * (0.5 + Math.random());
        if (!busy || Date.now() + pause >= until) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** Delivers a signal sent by `caller` (see the header); without one, keys are scoped to its source. */
  return async function signal(number: string, raw: unknown, caller?: Caller): Promise<SignalOutcome> {
    const request = parseInput(signalRequest, raw);
    const scope = caller ?? `system:${request.source}`;
    const delivery = { ...request, idempotencyKey: scopedKey(scope, request.idempotencyKey) };
    const id = `${number}\u0000${delivery.idempotencyKey}`;
    const first = underWay.get(id);
    if (first) {
      const answered = await first.catch(() => undefined);
      if (answered) return { duplicate: true, ticket: answered.ticket };
    }
    const sending = sendThroughBursts(number, delivery, request.idempotencyKey);
    underWay.set(id, sending);
    try {
      return await sending;
    } finally {
      if (underWay.get(id) === sending) underWay.delete(id);
    }
  };
}
