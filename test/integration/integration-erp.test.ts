// The ERP integration end to end, through the real workflow and the engineering-change sample: an
// approved change places one purchase order over OData (the adapter against test/support/vendors/erp.ts),
// stores its id and moves the ticket to `ordering`; the workflow then checks the order's status on a
// durable timer and, once the ERP ships it, signals itself `erp.order_shipped` (the ticket moves to
// `implemented` with nobody touching it), also when the order shipped before the retry of its lost
// create found it. A failed check waits for the next one; an order the ERP no longer knows is checked on
// no more; a refusal is recorded and the ticket stays workable; an ERP down long enough opens the
// circuit; the checks go on across a worker restart and a continue-as-new. What the adapter does with
// each ERP answer (the lookup before a create, a 500, a lost answer, each refusal, the status mapping)
// is in erp-adapter.test.ts, without a workflow. Tickets that share nothing mutable run at the same time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordSignalRefusal } from '../../activities/refusals.js';
import { startLocalErp, type LocalErp } from '../support/vendors/erp.js';
import { eventually, startTestSystem, ticketRowWhen, type TestSystem } from '../support/system.js';

const POLL_MS = 1000;

/** An engineering change, reviewed and approved (which runs the ERP create_order action). */
async function approved(sys: TestSystem, part = 'P-7', quantity = 3) {
  const erin = await sys.person('erin.employee@example.com');
  const erik = await sys.person('erik.engineer@example.com');
  const carl = await sys.person('carl.coordinator@example.com');
  const { number } = (
    await sys.tickets.create(
      {
        process: 'engineering-change',
        title: 'Stronger bracket',
        requester: { userId: erin.userId },
        fields: { drawing: 'DWG-1', part_number: part, quantity },
      },
      erin,
    )
  ).ticket;
  await sys.tickets.move(number, erik, { transition: 'review' });
  await sys.tickets.move(number, carl, { transition: 'approve' });
  return number;
}

const erpEvent = (sys: TestSystem, number: string, timeoutMs = 30_000) =>
  eventually(
    async () =>
      (await sys.tickets.timeline(number)).events.find(
        (e) => e.type.startsWith('integration_') && e.data.system === 'erp',
      ),
    timeoutMs,
    `the erp call on ${number}'s timeline`,
  );

const ordersOf = (erp: LocalErp, number: string) => erp.orders.filter((o) => o.Description === `Ticketflow ${number}`);

/** The ticket's order, once placed and the ticket is in `ordering`. */
async function ordering(sys: TestSystem, erp: LocalErp, number: string) {
  await ticketRowWhen(sys, number, (r) => r.state === 'ordering', 30_000, `${number} in ordering`);
  const [order] = ordersOf(erp, number);
  assert.ok(order, 'an order for the ticket');
  return order;
}

describe('erp', { concurrency: true }, () => {
  describe('erp integration', { concurrency: 1 }, () => {
    let erp: LocalErp;
    let sys: TestSystem;

    before(async () => {
      erp = await startLocalErp();
      sys = await startTestSystem({
        integrations: { erp: erp.settings(POLL_MS), requestTimeoutMs: 2000, breakerMinimumCalls: 1000 },
      });
    });
    after(async () => {
      await sys.stop();
      await erp.stop();
    });

    describe('tickets of their own', { concurrency: true }, () => {
      it('places one order on approval, stores its id and moves the ticket to ordering', async () => {
        const number = await approved(sys);
        const event = await erpEvent(sys, number);
        assert.equal(event.type, 'integration_succeeded');
        const order = await ordering(sys, erp, number);
        assert.deepEqual(
          { Material: order.Material, Quantity: order.Quantity, Status: order.Status },
          { Material: 'P-7', Quantity: 3, Status: 'Open' },
        );
        assert.match(order.ExternalReference, /^ticketflow-[0-9a-f-]{36}$/);
        assert.deepEqual(
          { id: event.data.id, url: event.data.url, operation: event.data.operation },
          { id: order.OrderID, url: `${erp.url}/PurchaseOrders('${order.OrderID}')`, operation: 'create_order' },
        );
        const ticket = await sys.tickets.settle(number);
        assert.equal(ticket.fields.order_id, order.OrderID);
        assert.equal(ordersOf(erp, number).length, 1);
      });

      it('moves the ticket to implemented by itself once the ERP ships the order', async () => {
        const number = await approved(sys);
        const order = await ordering(sys, erp, number);
        await new Promise((resolve) => setTimeout(resolve, 2.5 * POLL_MS));
        assert.ok(erp.readsOf(order.OrderID) >= 1, 'the open order is checked on');
        assert.equal((await sys.tickets.get(number)).state, 'ordering', 'an open order moves nothing');

        erp.setStatus(order.OrderID, 'Shipped', 'TRACK-1');
        const shippedAt = Date.now();
        const row = await ticketRowWhen(sys, number, (r) => r.state === 'implemented', 10_000, `${number} implemented`);
        assert.ok(Date.now() - shippedAt < 3 * POLL_MS + 2000, 'within a check interval or so');
        const { events } = await sys.tickets.timeline(number);
        const signal = events.find((e) => e.type === 'signal_received');
        assert.deepEqual(signal?.data, {
          name: 'erp.order_shipped',
          source: 'erp',
          payload: { order_id: order.OrderID, tracking: 'TRACK-1' },
          key: `erp:${order.OrderID}:shipped`,
        });
        assert.deepEqual(events.find((e) => e.type === 'moved' && e.data.transition === 'implement')?.actor, {
          kind: 'system',
          cause: 'signal:erp.order_shipped',
        });
        assert.equal(row.category, 'active');

        // Closed at the ERP: the checks stop.
        erp.setStatus(order.OrderID, 'Closed');
        await new Promise((resolve) => setTimeout(resolve, 2 * POLL_MS));
        const readsWhenClosed = erp.readsOf(order.OrderID);
        await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
        assert.equal(erp.readsOf(order.OrderID), readsWhenClosed, 'no checks of a closed order');
        const signals = (await sys.tickets.timeline(number)).events.filter((e) => e.type === 'signal_received');
        assert.equal(signals.length, 1, 'the shipment is delivered once');
      });

      it('puts a shipment the ticket’s state does not take on its timeline as refused, once', async () => {
        const number = await approved(sys);
        const order = await ordering(sys, erp, number);
        const carl = await sys.person('carl.coordinator@example.com');
        await sys.tickets.move(number, carl, { transition: 'implement' });
        erp.setStatus(order.OrderID, 'Shipped', 'TRACK-2');
        const refusedOf = async () =>
          (await sys.tickets.timeline(number)).refused.filter((r) => r.action === 'signal.refused');
        const [refusal] = await eventually(
          async () => ((await refusedOf()).length > 0 ? refusedOf() : undefined),
          10_000,
          `the refused shipment on ${number}'s timeline`,
        );
        assert.equal(refusal!.actor, 'system:erp');
        assert.deepEqual(
          { name: refusal!.details.name, key: refusal!.details.idempotencyKey, reason: refusal!.details.reason },
          { name: 'erp.order_shipped', key: `erp:${order.OrderID}:shipped`, reason: 'SIGNAL_NOT_APPLICABLE' },
        );
        assert.match(String(refusal!.details.message), /does not apply while this ticket is Implemented/);
        assert.equal((await sys.tickets.get(number)).state, 'implemented');
        // Further checks see nothing new: still one refusal, and no signal delivered.
        await new Promise((resolve) => setTimeout(resolve, 2.5 * POLL_MS));
        assert.equal((await refusedOf()).length, 1);
        assert.deepEqual(
          (await sys.tickets.timeline(number)).events.filter((e) => e.type === 'signal_received'),
          [],
        );
        // Recorded again (a retried activity whose answer was lost): still one.
        await recordSignalRefusal(sys.db, {
          number,
          source: 'erp',
          name: 'erp.order_shipped',
          idempotencyKey: `erp:${order.OrderID}:shipped`,
          refusal: { reason: 'SIGNAL_NOT_APPLICABLE', message: 'again' },
        });
        assert.equal((await refusedOf()).length, 1);
      });

      it('stops checking an order the ERP no longer knows (404), leaving the ticket to people', async () => {
        const number = await approved(sys);
        const order = await ordering(sys, erp, number);
        erp.orders.splice(erp.orders.indexOf(order), 1);
        const reads = erp.readsOf(order.OrderID);
        await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
        assert.equal(erp.readsOf(order.OrderID), reads + 1, 'one check answered 404, not retried, none after it');
        assert.equal((await sys.tickets.get(number)).state, 'ordering');
      });

      // That a refusal is not retried: the adapter's requests and the registry's final failure, in erp-adapter.test.ts.
      it('records bad fields as refused with the ERP’s message, and the ticket stays workable', async () => {
        const number = await approved(sys, 'NO-SUCH-PART');
        const event = await erpEvent(sys, number);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'refused');
        assert.match(String(event.data.message), /400 InvalidMaterial: Material 'NO-SUCH-PART' does not exist/);
        const carl = await sys.person('carl.coordinator@example.com');
        const moved = await sys.tickets.move(number, carl, {
          transition: 'order_placed',
          fields: { order_id: 'BY-PHONE-1' },
        });
        assert.equal(moved.state, 'ordering');
      });
    });

    // One after another, after the others: the ERP's 500s and its lost answer are the whole service's.
    describe('failures injected at the ERP', { concurrency: 1 }, () => {
      it('a check that fails waits for the next interval, and a later one still sees the shipment', async () => {
        const number = await approved(sys);
        const order = await ordering(sys, erp, number);
        const reads = erp.readsOf(order.OrderID);
        erp.failNext(8); // every attempt of the next checks (this ticket's and any other open order's)
        erp.setStatus(order.OrderID, 'Delivered');
        await eventually(
          async () => (erp.readsOf(order.OrderID) > reads ? true : undefined),
          10_000,
          'a check after the 500s',
        );
        await ticketRowWhen(sys, number, (r) => r.state === 'implemented', 10_000, `${number} implemented`);
        const { events } = await sys.tickets.timeline(number);
        // Open to delivered passes shipped: the process's erp.order_shipped is delivered (it declares no other).
        assert.deepEqual(
          events.filter((e) => e.type === 'signal_received').map((e) => e.data.name),
          ['erp.order_shipped'],
        );
      });

      it('moves the ticket on when the order shipped before the retry of its lost create found it', async () => {
        erp.loseNextCreateAnswer();
        const creates = erp.creates;
        const known = erp.orders.length;
        const approving = approved(sys);
        // The warehouse ships the order the moment it exists, before the create's retry (a second later) finds it.
        const order = await eventually(async () => erp.orders.find((o, i) => i >= known), 20_000, 'the order placed');
        erp.setStatus(order.OrderID, 'Shipped', 'TRACK-3');
        const number = await approving;
        await ticketRowWhen(sys, number, (r) => r.state === 'implemented', 15_000, `${number} implemented`);
        const { events } = await sys.tickets.timeline(number);
        assert.equal(erp.creates, creates + 1, 'one order');
        assert.deepEqual(
          events.filter((e) => e.type === 'signal_received').map((e) => e.data),
          [
            {
              name: 'erp.order_shipped',
              source: 'erp',
              payload: { order_id: order.OrderID },
              key: `erp:${order.OrderID}:shipped`,
            },
          ],
        );
      });
    });
  });

  describe('erp order checks are durable', { concurrency: 1 }, () => {
    let erp: LocalErp;
    let sys: TestSystem;

    before(async () => {
      erp = await startLocalErp();
      // Every task replays the history (no cache), and runs continue as new after 10 inputs.
      sys = await startTestSystem({
        continueAsNewAfter: 10,
        maxCachedWorkflows: 0,
        integrations: { erp: erp.settings(POLL_MS), requestTimeoutMs: 2000, breakerMinimumCalls: 1000 },
      });
    });
    after(async () => {
      await sys.stop();
      await erp.stop();
    });

    it('goes on checking after the worker restarts: the shipment made meanwhile moves the ticket', async () => {
      const number = await approved(sys);
      const order = await ordering(sys, erp, number);
      await sys.stopWorkers();
      erp.setStatus(order.OrderID, 'Shipped');
      await new Promise((resolve) => setTimeout(resolve, 2 * POLL_MS));
      assert.equal((await sys.tickets.get(number)).state, 'ordering', 'nobody checked while no worker ran');
      await sys.startWorker({ maxCachedWorkflows: 0 });
      await ticketRowWhen(
        sys,
        number,
        (r) => r.state === 'implemented',
        20_000,
        `${number} implemented after the restart`,
      );

      // The order is still open at the ERP, but a done ticket checks on nothing.
      const carl = await sys.person('carl.coordinator@example.com');
      await sys.tickets.move(number, carl, { transition: 'close' });
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const reads = erp.readsOf(order.OrderID);
      await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
      assert.equal(erp.readsOf(order.OrderID), reads, 'no checks once the ticket is closed');
    });

    it('carries the open order into the next run when the workflow continues as new', async () => {
      const carl = await sys.person('carl.coordinator@example.com');
      const number = await approved(sys);
      const order = await ordering(sys, erp, number);
      const handle = sys.temporal.workflow.getHandle(number);
      const { runId } = await handle.describe();
      for (let i = 0; i < 11; i++)
        await sys.tickets.comment(number, carl, { body: `Waiting on the supplier (${i})`, visibility: 'internal' });
      // Past its cap, the run continues as new once the ticket has been quiet for a second.
      await eventually(
        async () => ((await handle.describe()).runId !== runId ? true : undefined),
        20_000,
        'the run continued as new',
      );
      erp.setStatus(order.OrderID, 'Shipped');
      await ticketRowWhen(
        sys,
        number,
        (r) => r.state === 'implemented',
        20_000,
        `${number} implemented in a later run`,
      );
      const signals = (await sys.tickets.timeline(number)).events.filter((e) => e.type === 'signal_received');
      assert.equal(signals.length, 1);
    });
  });

  describe('erp down', () => {
    it('opens the circuit: the call fails as unavailable and the ticket can still be moved by hand', async () => {
      const erp = await startLocalErp();
      const sys = await startTestSystem({
        integrations: { erp: erp.settings(POLL_MS), requestTimeoutMs: 2000, breakerMinimumCalls: 3 },
      });
      try {
        await erp.down();
        const number = await approved(sys);
        const event = await erpEvent(sys, number, 40_000);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'unavailable');
        assert.match(String(event.data.message), /erp is unavailable/);
        assert.equal(erp.creates, 0);
        assert.equal((await sys.tickets.get(number)).state, 'approved', 'not moved on without an order');
        const carl = await sys.person('carl.coordinator@example.com');
        const moved = await sys.tickets.move(number, carl, {
          transition: 'order_placed',
          fields: { order_id: 'BY-PHONE-2' },
        });
        assert.equal(moved.state, 'ordering');
      } finally {
        await sys.stop();
        await erp.stop();
      }
    });
  });

  describe('erp not configured', () => {
    it('records the call as not configured and goes on', async () => {
      const sys = await startTestSystem();
      try {
        const number = await approved(sys);
        const event = await erpEvent(sys, number);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'not_configured');
        assert.equal((await sys.tickets.settle(number)).state, 'approved');
      } finally {
        await sys.stop();
      }
    });
  });
});
