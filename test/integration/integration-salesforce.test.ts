// The Salesforce integration end to end, once each way through the workflow: a new customer case
// creates a real Case over HTTP in a local org (jsforce against test/support/vendors/salesforce.ts) for
// the ticket's account and stores its id into the ticket; resolving the ticket closes the Case, also
// when it is resolved before the Case is made (the update waits for the create, which the activity's
// retry policy carries through 500s); refusals of the create and of the update are recorded with
// Salesforce's words and the ticket goes on; a Salesforce down long enough opens the circuit
// (unavailable) while the ticket moves on; without Salesforce settings: not configured. What the adapter
// does with each Salesforce answer (accounts by id or quoted name, a 500, a locked row, a lost answer,
// session renewal, each refusal) is in salesforce-adapter.test.ts, without a workflow. Tickets that
// share nothing mutable run at the same time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalSalesforce, type LocalSalesforce } from '../support/vendors/salesforce.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

/** A new customer-case ticket for `account` (its creation runs create_case). */
async function opened(sys: TestSystem, account = 'ACME', title = 'Acme export broken') {
  const erin = await sys.person('erin.employee@example.com');
  const { ticket } = await sys.tickets.create(
    { process: 'customer-case', title, requester: { userId: erin.userId }, fields: { account } },
    erin,
  );
  return ticket.number;
}

/** Takes a ticket from new to resolved (which runs update_case). */
async function resolve(sys: TestSystem, number: string) {
  const tia = await sys.person('tia.support@example.com');
  await sys.tickets.reassign(number, tia, { userId: tia.userId });
  await sys.tickets.move(number, tia, { transition: 'investigate' });
  await sys.tickets.move(number, tia, { transition: 'propose', fields: { solution: 'Re-run the export' } });
  await sys.tickets.move(number, tia, { transition: 'customer_accepted' });
}

const salesforceEvent = (sys: TestSystem, number: string, operation = 'create_case', timeoutMs = 30_000) =>
  eventually(
    async () =>
      (await sys.tickets.timeline(number)).events.find(
        (e) => e.type.startsWith('integration_') && e.data.system === 'salesforce' && e.data.operation === operation,
      ),
    timeoutMs,
    `the salesforce ${operation} call on ${number}'s timeline`,
  );

describe('salesforce', { concurrency: true }, () => {
  describe('salesforce integration', { concurrency: 1 }, () => {
    let sf: LocalSalesforce;
    let sys: TestSystem;

    before(async () => {
      sf = await startLocalSalesforce();
      // The circuit has a test of its own below: here it never opens, whatever earlier tests failed.
      sys = await startTestSystem({
        integrations: { salesforce: sf.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 1000 },
      });
    });
    after(async () => {
      await sys.stop();
      await sf.stop();
    });

    describe('tickets of their own', { concurrency: true }, () => {
      it('creates one Case for the account, stores its id in the ticket and records it on the timeline', async () => {
        const number = await opened(sys);
        const event = await salesforceEvent(sys, number);
        assert.equal(event.type, 'integration_succeeded');
        const made = sf.cases.filter((c) => c.Description?.includes(number));
        assert.equal(made.length, 1, 'one Case for the ticket');
        const [acmeCase] = made;
        assert.equal(acmeCase!.AccountId, '001Hb00000AcmeAAAA');
        assert.equal(acmeCase!.Subject, 'Acme export broken');
        assert.match(acmeCase!.Description!, new RegExp(`From Ticketflow ticket ${number}`));
        assert.ok(acmeCase!.Ticketflow_Effect_Id__c, 'the run id in the external id field');
        assert.deepEqual(
          { id: event.data.id, key: event.data.key, url: event.data.url },
          { id: acmeCase!.Id, key: acmeCase!.CaseNumber, url: `${sf.url}/lightning/r/Case/${acmeCase!.Id}/view` },
        );
        const ticket = await sys.tickets.settle(number);
        assert.equal(ticket.fields.salesforce_case_id, acmeCase!.Id);
      });

      it('closes the Case when the ticket is resolved', async () => {
        const number = await opened(sys);
        await salesforceEvent(sys, number);
        await resolve(sys, number);
        const event = await salesforceEvent(sys, number, 'update_case');
        assert.equal(event.type, 'integration_succeeded');
        const closed = sf.cases.find((c) => c.Description?.includes(number));
        assert.equal(closed?.Status, 'Closed');
        assert.equal(event.data.id, closed?.Id);
      });

      it('records an unknown account as refused, without making a Case', async () => {
        const number = await opened(sys, 'Initech');
        const event = await salesforceEvent(sys, number);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'refused');
        assert.match(String(event.data.message), /no Account named 'Initech'/);
        assert.equal(
          sf.cases.filter((c) => c.Description?.includes(number)).length,
          0,
          'no Case (that no Case is made at all: salesforce-adapter.test.ts)',
        );
        assert.equal((await sys.tickets.settle(number)).fields.salesforce_case_id, undefined);
      });

      it('records closing a Case deleted in Salesforce as refused, with its words, and the ticket goes on', async () => {
        const deleted = await opened(sys, 'ACME', 'Deleted');
        await salesforceEvent(sys, deleted);
        sf.cases = sf.cases.filter((c) => !c.Description?.includes(deleted));
        await resolve(sys, deleted);
        const gone = await salesforceEvent(sys, deleted, 'update_case');
        assert.equal(gone.data.reason, 'refused');
        assert.match(String(gone.data.message), /404.*NOT_FOUND: The requested resource does not exist/);
        assert.equal((await sys.tickets.settle(deleted)).state, 'resolved', 'the ticket went on');
      });
    });

    // Not beside the others: the org's 500s are every request's.
    describe('failures injected at the org', { concurrency: 1 }, () => {
      it('closes the Case when the ticket is resolved before the Case is made: the update waits for the create', async () => {
        sf.failNext(3); // the create is retried after about 1, 2 and 4 s
        const number = await opened(sys, 'ACME', 'Resolved in a hurry');
        await resolve(sys, number);
        const update = await salesforceEvent(sys, number, 'update_case');
        assert.equal(update.type, 'integration_succeeded', JSON.stringify(update.data));
        const { events } = await sys.tickets.timeline(number);
        const seqOf = (found: (e: (typeof events)[number]) => boolean) => events.find(found)!.seq;
        const created = seqOf((e) => e.type === 'integration_succeeded' && e.data.operation === 'create_case');
        assert.ok(
          seqOf((e) => e.type === 'entered' && e.data.state === 'resolved') < created,
          'resolved before the Case was made',
        );
        assert.ok(created < update.seq, 'the update after the create');
        const made = sf.cases.find((c) => c.Description?.includes(number));
        assert.equal(made?.Status, 'Closed');
        assert.equal(update.data.id, made?.Id);
      });
    });
  });

  describe('salesforce down', () => {
    it('opens the circuit: the call fails fast as unavailable and the ticket moves on meanwhile', async () => {
      const sf = await startLocalSalesforce();
      // Three failed calls open the circuit: the fourth attempt, 7 s in, fails fast.
      const sys = await startTestSystem({
        integrations: { salesforce: sf.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 3 },
      });
      try {
        await sf.down();
        const number = await opened(sys);
        const tia = await sys.person('tia.support@example.com');
        await sys.tickets.reassign(number, tia, { userId: tia.userId });
        const moved = await sys.tickets.move(number, tia, { transition: 'investigate' });
        assert.equal(moved.state, 'investigating', 'the ticket moves while the call is retried');
        const event = await salesforceEvent(sys, number, 'create_case', 40_000);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'unavailable');
        assert.match(String(event.data.message), /salesforce is unavailable/);
        assert.equal(sf.creates, 0);
      } finally {
        await sys.stop();
        await sf.stop();
      }
    });
  });

  describe('salesforce not configured', () => {
    it('records the call as not configured and goes on', async () => {
      const sys = await startTestSystem();
      try {
        const number = await opened(sys);
        const event = await salesforceEvent(sys, number);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'not_configured');
        assert.equal((await sys.tickets.settle(number)).fields.salesforce_case_id, undefined);
      } finally {
        await sys.stop();
      }
    });
  });
});
