// ERP orders a ticket placed, checked on while they are open. The ERP does not call back, so the
// workflow asks: every `everyMs` (a durable timer, so a worker restart or a continue-as-new loses no
// check) it reads the order's status with an activity, and when the order has moved on (shipped,
// delivered…) it delivers the process's signal for that status — `erp.order_shipped` and so on, when
// the process declares one — to itself, down the same path an external signal takes, from source
// `erp`. Checks run beside the process like side effects: they never hold up a move. One check loop
// per order; it stops when the order is closed or cancelled, or the ticket is done. The orders are
// part of what a run carries into the next.
import { ActivityFailure, ApplicationFailure, condition, log, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import type { OrderStatusFound } from '../../activities/integrations/types.js';
import type { ProcessDefinition } from '../process/definition.js';
import { MAX_INLINE_PAYLOAD_TEXT } from './checks.js';
import {
  INTEGRATION_REFUSED,
  INTEGRATION_UNAVAILABLE,
  type Input,
  type OrderStatus,
  type Refusal,
  type TicketState,
  type WatchedOrder,
} from './model.js';

/** ERP orders a ticket placed are checked on; earlier runs never looked at an order again. */
const ERP_ORDER_POLLING = 'erp-order-polling';
/** An order a retried call found further on than `open` delivers the steps it took meanwhile; runs from
 * before watched it from where it was found, and an order found shipped never moved the ticket. */
const ERP_PLACED_OPEN = 'erp-placed-orders-start-open';
/** A status signal the ticket refuses is on its timeline; runs from before only logged it. */
const ERP_REFUSALS_RECORDED = 'erp-refusals-recorded';

/** The order of statuses an order goes through; cancelled stands apart. */
const PROGRESS: readonly OrderStatus[] = ['open', 'shipped', 'delivered', 'closed'];
const FINAL: ReadonlySet<OrderStatus> = new Set(['closed', 'cancelled']);

// A check is a read: a few quick attempts, then it waits for the next interval rather than piling up.
const { checkOrderStatus } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [INTEGRATION_REFUSED, INTEGRATION_UNAVAILABLE],
  },
});
// One Postgres write, retried until it lands: a refusal is never lost.
const { recordSignalRefusal } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export type SignalInput = Extract<Input, { type: 'signal' }>;

export class OrderWatch {
  private readonly orders: WatchedOrder[];
  /** Orders with a check loop running: never two for one order. */
  private readonly polling = new Set<string>();

  constructor(
    private readonly def: ProcessDefinition,
    carried: readonly WatchedOrder[] | undefined,
    private readonly ticket: () => TicketState,
    /** Applies the signal as the ticket's input; answers its refusal, if refused. */
    private readonly deliver: (signal: SignalInput) => Refusal | undefined,
  ) {
    this.orders = (carried ?? []).map((order) => ({ ...order }));
  }

  /** Starts the checks of the orders the previous run carried over. */
  resume(): void {
    for (const order of this.orders) void this.poll(order);
  }

  /**
   * Called with each side effect's outcome: an ERP order that a call placed is watched from `open`, the
   * status it was placed in. A retried call that found the order its first try placed may find it
   * further on (shipped while the answer was lost): the steps it took meanwhile are delivered at once.
   */
  noticed(result: Input): void {
    if (result.type !== 'integration_succeeded' || !result.watch) return;
    const { action } = result.run;
    if (action.kind !== 'integration' || action.system !== 'erp') return;
    const { everyMs, status } = result.watch;
    const caughtUp = status !== 'open' && patched(ERP_PLACED_OPEN);
    if (!caughtUp && FINAL.has(status)) return;
    if (this.ticket().category === 'done' || this.orders.some((o) => o.id === result.id)) return;
    if (!patched(ERP_ORDER_POLLING)) return;
    const order: WatchedOrder = {
      system: 'erp',
      id: result.id,
      status: caughtUp ? 'open' : status,
      everyMs,
      nextAt: result.at + everyMs,
    };
    this.orders.push(order);
    if (caughtUp) void this.catchUp(order, status);
    else void this.poll(order);
  }

  private async catchUp(order: WatchedOrder, status: OrderStatus): Promise<void> {
    await this.seen(order, { status });
    if (FINAL.has(order.status)) this.drop(order);
    else await this.poll(order);
  }

  /** The orders still watched, for the next run. */
  carried(): WatchedOrder[] {
    return this.orders.map((order) => ({ ...order }));
  }

  private async poll(order: WatchedOrder): Promise<void> {
    if (this.polling.has(order.id)) return;
    this.polling.add(order.id);
    const stopped = () => this.ticket().category === 'done' || !this.orders.includes(order);
    // condition() with a timeout is a durable timer that also ends early once the watch stops.
    while (!(await condition(stopped, Math.max(order.nextAt - Date.now(), 1)))) {
      order.nextAt = Date.now() + order.everyMs;
      const found = await this.check(order);
      if (found && !stopped()) await this.seen(order, found);
      if (FINAL.has(order.status)) this.drop(order);
    }
    this.polling.delete(order.id);
    if (this.ticket().category === 'done') this.drop(order);
  }

  private async check(order: WatchedOrder): Promise<OrderStatusFound | undefined> {
    const about = { ticket: this.ticket().number, order: order.id };
    try {
      const result = await checkOrderStatus({ system: order.system, orderId: order.id, ticketNumber: about.ticket });
      if (result.outcome === 'done') return result;
      log.warn('order status not checked: the ERP is not configured on this worker', about);
    } catch (error) {
      const cause = error instanceof ActivityFailure ? error.cause : error;
      const message = cause instanceof Error ? cause.message : String(cause);
      if (cause instanceof ApplicationFailure && cause.type === INTEGRATION_REFUSED && refusedStatus(cause) === 404) {
        // The ERP no longer knows the order: there is nothing left to check on.
        log.warn('the ERP does not know the order any more: no more checks', { ...about, message });
        this.drop(order);
      } else log.warn('order status check failed: trying again at the next interval', { ...about, message });
    }
    return undefined;
  }

  /** A status read back: each step the order took that the process has a signal for is delivered. */
  private async seen(order: WatchedOrder, found: OrderStatusFound): Promise<void> {
    if (found.status === order.status) return;
    const steps = passed(order.status, found.status);
    order.status = found.status;
    for (const status of steps) {
      const name = `erp.order_${status}`;
      const signal = this.def.signals?.find((s) => s.name === name);
      if (!signal) continue;
      const offered: Record<string, string | undefined> = {
        order_id: order.id,
        status,
        tracking: found.tracking?.slice(0, MAX_INLINE_PAYLOAD_TEXT),
      };
      const payload = Object.fromEntries(
        (signal.payload ?? []).flatMap((p) => (offered[p.key] === undefined ? [] : [[p.key, offered[p.key]]])),
      );
      // The key makes the delivery once-only, across checks, restarts and runs.
      const idempotencyKey = `erp:${order.id}:${status}`;
      const refusal = this.deliver({ type: 'signal', at: Date.now(), name, payload, idempotencyKey, source: 'erp' });
      if (!refusal) continue;
      log.warn('a signal for an ERP order status was refused', {
        ticket: this.ticket().number,
        signal: name,
        ...refusal,
      });
      if (patched(ERP_REFUSALS_RECORDED))
        await recordSignalRefusal({ number: this.ticket().number, source: 'erp', name, idempotencyKey, refusal });
    }
  }

  private drop(order: WatchedOrder): void {
    const i = this.orders.indexOf(order);
    if (i >= 0) this.orders.splice(i, 1);
  }
}

/** The statuses an order went through from `from` to `to`: a jump from open to delivered passes shipped. */
function passed(from: OrderStatus, to: OrderStatus): OrderStatus[] {
  if (to === 'cancelled') return ['cancelled'];
  const start = PROGRESS.indexOf(from);
  const end = PROGRESS.indexOf(to);
  return end > start ? PROGRESS.slice(Math.max(start, 0) + 1, end + 1) : [];
}

/** The vendor's HTTP status a refusal carries (registry.ts puts it in the failure's details). */
function refusedStatus(failure: ApplicationFailure): number | undefined {
  const [details] = (failure.details ?? []) as { status?: unknown }[];
  return typeof details?.status === 'number' ? details.status : undefined;
}
