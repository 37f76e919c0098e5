// The ERP adapter (activities/integrations/erp/adapter.ts over the OData client odata.ts) against a local
// OData purchasing service (test/support/vendors/erp.ts), called directly: no workflow, no Temporal, so
// each case costs a few requests instead of an approved engineering change and the retry policy's waits.
// The order it places, its lookup by the run's reference before placing one (a retry after a 500 or a lost
// answer finds the order instead of placing a second; quotes in the reference are OData-quoted), how it
// reads an order's status (the ERP's values mapped, tracking), which answers are refusals with the ERP's
// words (bad fields, revoked credentials, an order it no longer knows) and what the registry makes of
// them. integration-erp.test.ts keeps the end-to-end runs and the durable status checks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { erpAdapter } from '../../activities/integrations/erp/adapter.js';
import type { Adapter, AdapterCall } from '../../activities/integrations/types.js';
import { INTEGRATION_REFUSED, INTEGRATION_UNAVAILABLE } from '../../workflows/ticket/model.js';
import { applicationFailure, integrationsWithoutDb, notRefused, refused } from '../support/vendors/adapter-calls.js';
import { startLocalErp, type LocalErp } from '../support/vendors/erp.js';

const POLL_MS = 1000;
let runs = 0;
/** A create_order call of a new action run (its own effect id). */
const createOrder = (values: Record<string, string> = {}, effectId = `run-${++runs}`): AdapterCall => ({
  operation: 'create_order',
  ticketNumber: 'ECR-000001',
  effectId,
  values: { part_number: 'P-7', quantity: '3', reference: 'ECR-000001', ...values },
});

describe('erp adapter: orders', () => {
  let erp: LocalErp;
  let adapter: Adapter;

  before(async () => {
    erp = await startLocalErp();
    adapter = erpAdapter(erp.settings(POLL_MS), 2000);
  });
  after(() => erp.stop());

  const orderOf = (call: AdapterCall) =>
    erp.orders.filter((o) => o.ExternalReference === `ticketflow-${call.effectId}`);

  it('places an order with the material, quantity and run reference, and gives its id, link and status', async () => {
    const call = createOrder();
    const made = await adapter.call(call);
    const [order, ...more] = orderOf(call);
    assert.equal(more.length, 0, 'one order');
    assert.deepEqual(
      {
        Material: order!.Material,
        Quantity: order!.Quantity,
        Status: order!.Status,
        Description: order!.Description,
      },
      { Material: 'P-7', Quantity: 3, Status: 'Open', Description: 'Ticketflow ECR-000001' },
    );
    const url = `${erp.url}/PurchaseOrders('${order!.OrderID}')`;
    assert.deepEqual(made, {
      id: order!.OrderID,
      key: order!.OrderID,
      url,
      results: { order_id: order!.OrderID, order_url: url, order_status: 'open' },
      watch: { everyMs: POLL_MS, status: 'open' },
    });
  });

  it('carries the effect id in the order’s reference: ticketflow-<uuid>', async () => {
    const call = createOrder({}, '0192a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    await adapter.call(call);
    assert.match(orderOf(call)[0]!.ExternalReference, /^ticketflow-[0-9a-f-]{36}$/);
  });

  it('finds the order a run placed instead of placing a second one, also with a quote in its reference', async () => {
    for (const effectId of [`run-${++runs}`, `it's-${++runs}`]) {
      const call = createOrder({}, effectId);
      const first = await adapter.call(call);
      const creates = erp.creates;
      assert.deepEqual(await adapter.call(call), first);
      assert.equal(erp.creates, creates, 'no second order');
      assert.equal(orderOf(call).length, 1);
    }
  });

  it('finds the order a call placed when its answer was lost, instead of placing a second one', async () => {
    const call = createOrder();
    const creates = erp.creates;
    erp.loseNextCreateAnswer();
    await notRefused(adapter.call(call));
    const made = await adapter.call(call); // the retry
    assert.equal(erp.creates, creates + 1, 'one order');
    assert.equal(made.id, orderOf(call)[0]?.OrderID);
  });

  it('fails a 500 as something a retry may mend, and the retry places one order', async () => {
    const call = createOrder();
    const creates = erp.creates;
    erp.failNext(2);
    await notRefused(adapter.call(call), /The service is temporarily unable to process the request/);
    await notRefused(adapter.call(call));
    const made = await adapter.call(call);
    assert.equal(erp.creates, creates + 1, 'one order');
    assert.equal(made.id, orderOf(call)[0]?.OrderID);
  });

  it('refuses bad fields with the ERP’s message, after one create', async () => {
    const posts = erp.posts;
    await refused(
      adapter.call(createOrder({ part_number: 'NO-SUCH-PART' })),
      400,
      /ERP answered 400 InvalidMaterial: Material 'NO-SUCH-PART' does not exist/,
    );
    assert.equal(erp.posts - posts, 1, 'one create');
    await refused(
      adapter.call(createOrder({ quantity: 'many' })),
      400,
      /ERP answered 400 InvalidValue: Quantity: must be a positive number/,
    );
  });

  it('refuses revoked credentials with the ERP’s answer', async () => {
    const password = erp.password;
    erp.password = 'rotated';
    try {
      await refused(adapter.call(createOrder()), 401, /ERP answered 401 Unauthorized: Authentication is required/);
    } finally {
      erp.password = password;
    }
  });

  it('refuses an operation it does not have', async () => {
    await refused(adapter.call({ ...createOrder(), operation: 'cancel_order' }), 0, /erp has no operation/);
  });
});

describe('erp adapter: order status', () => {
  let erp: LocalErp;
  let adapter: Adapter;
  let orderId: string;

  before(async () => {
    erp = await startLocalErp();
    adapter = erpAdapter(erp.settings(POLL_MS), 2000);
    orderId = (await adapter.call(createOrder())).id;
  });
  after(() => erp.stop());

  it('reads the ERP’s status as Ticketflow’s, with the tracking number once there is one, one read each', async () => {
    const reads = erp.readsOf(orderId);
    assert.deepEqual(await adapter.orderStatus!(orderId), { status: 'open' });
    erp.setStatus(orderId, 'Shipped', 'TRACK-1');
    assert.deepEqual(await adapter.orderStatus!(orderId), { status: 'shipped', tracking: 'TRACK-1' });
    for (const [status, read] of [
      ['Delivered', 'delivered'],
      ['Closed', 'closed'],
      ['Cancelled', 'cancelled'],
    ] as const) {
      erp.setStatus(orderId, status);
      assert.equal((await adapter.orderStatus!(orderId)).status, read);
    }
    erp.orders.find((o) => o.OrderID === orderId)!.Status = 'OnHold' as 'Open';
    assert.equal((await adapter.orderStatus!(orderId)).status, 'open', 'a status it does not know counts as open');
    assert.equal(erp.readsOf(orderId), reads + 6);
  });

  it('refuses an order the ERP no longer knows (404), with its words', async () => {
    await refused(
      adapter.orderStatus!('PO-0000000000'),
      404,
      /ERP answered 404 NotFound: No PurchaseOrder with key 'PO-0000000000' exists/,
    );
  });

  it('fails a 500 as something a later check may mend', async () => {
    erp.failNext(1);
    await notRefused(adapter.orderStatus!(orderId), /500|temporarily unable/);
    assert.ok(await adapter.orderStatus!(orderId));
  });
});

describe('erp through the registry', () => {
  let erp: LocalErp;

  before(async () => {
    erp = await startLocalErp();
  });
  after(() => erp.stop());

  it('gives a placed order as done, a refusal as final with its status, a 500 as retryable', async () => {
    const integrations = integrationsWithoutDb({ erp: erp.settings(POLL_MS), requestTimeoutMs: 2000 });
    const done = await integrations.invoke('erp', createOrder());
    assert.equal(done.outcome === 'done' && done.made.id, erp.orders.at(-1)?.OrderID);
    await applicationFailure(integrations.invoke('erp', createOrder({ part_number: 'NO-SUCH-PART' })), {
      type: INTEGRATION_REFUSED,
      nonRetryable: true,
      words: /400 InvalidMaterial/,
      details: [{ status: 400 }],
    });
    erp.failNext(1);
    await applicationFailure(integrations.invoke('erp', createOrder()), {
      type: 'VendorError',
      nonRetryable: false,
      words: /^erp: /,
    });
  });

  it('checks an order’s status behind the same circuit: an unknown order is final with its 404', async () => {
    const integrations = integrationsWithoutDb({ erp: erp.settings(POLL_MS), requestTimeoutMs: 2000 });
    const orderId = erp.orders[0]!.OrderID;
    erp.setStatus(orderId, 'Shipped', 'TRACK-9');
    assert.deepEqual(await integrations.orderStatus({ system: 'erp', orderId, ticketNumber: 'ECR-000001' }), {
      outcome: 'done',
      status: 'shipped',
      tracking: 'TRACK-9',
    });
    await applicationFailure(
      integrations.orderStatus({ system: 'erp', orderId: 'PO-0000000000', ticketNumber: 'ECR-000001' }),
      { type: INTEGRATION_REFUSED, nonRetryable: true, details: [{ status: 404 }] },
    );
  });

  it('opens the circuit after failed calls: then calls fail fast as unavailable, placing nothing', async () => {
    const integrations = integrationsWithoutDb({
      erp: erp.settings(POLL_MS),
      requestTimeoutMs: 2000,
      breakerMinimumCalls: 3,
    });
    const creates = erp.creates;
    await erp.down();
    try {
      for (let i = 0; i < 3; i++)
        await applicationFailure(integrations.invoke('erp', createOrder()), {
          type: 'VendorError',
          nonRetryable: false,
        });
    } finally {
      await erp.up();
    }
    const requests = erp.requests;
    await applicationFailure(integrations.invoke('erp', createOrder()), {
      type: INTEGRATION_UNAVAILABLE,
      nonRetryable: true,
      words: /erp is unavailable/,
    });
    await applicationFailure(
      integrations.orderStatus({ system: 'erp', orderId: erp.orders[0]!.OrderID, ticketNumber: 'ECR-000001' }),
      { type: INTEGRATION_UNAVAILABLE, nonRetryable: true },
    );
    assert.equal(erp.requests, requests, 'an open circuit calls nobody');
    assert.equal(erp.creates, creates);
  });

  it('answers not configured without ERP settings', async () => {
    const integrations = integrationsWithoutDb({});
    assert.deepEqual(await integrations.invoke('erp', createOrder()), { outcome: 'not_configured' });
    assert.deepEqual(await integrations.orderStatus({ system: 'erp', orderId: 'PO-1', ticketNumber: 'ECR-000001' }), {
      outcome: 'not_configured',
    });
  });
});
