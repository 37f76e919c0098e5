// The Salesforce integration end to end: a new customer case creates a real Case over HTTP in a local
// org (jsforce against test/support/vendors/salesforce.ts) for the ticket's account and stores its id
// into the ticket; resolving the ticket closes the Case. A 500, a locked row or a lost answer is
// retried without a second Case; an expired session is renewed; a Salesforce down long enough opens
// the circuit (unavailable) while the ticket moves on; refusals (unknown account, a field the org
// requires, no external id field, revoked credentials, a deleted Case, a status the picklist lacks)
// are recorded at once, with Salesforce's words; without Salesforce settings: not configured.
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

describe('salesforce integration', () => {
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

  it('finds the account by id, and by a name with quotes in it', async () => {
    const byId = await opened(sys, '001Hb00000GlobxAAA', 'By id');
    const quoted = await opened(sys, "O'Brien & Co", 'By name');
    for (const number of [byId, quoted]) {
      assert.equal((await salesforceEvent(sys, number)).type, 'integration_succeeded');
      assert.equal(sf.cases.find((c) => c.Description?.includes(number))?.AccountId, '001Hb00000GlobxAAA');
    }
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

  it('retries a 500 and still makes one Case', async () => {
    const creates = sf.creates;
    sf.failNext(2);
    const number = await opened(sys);
    assert.equal((await salesforceEvent(sys, number)).type, 'integration_succeeded');
    assert.equal(sf.creates, creates + 1, 'one Case');
  });

  it('retries a locked row, a 400 that passes, and still makes one Case', async () => {
    const creates = sf.creates;
    sf.lockNext(1);
    const number = await opened(sys);
    assert.equal((await salesforceEvent(sys, number)).type, 'integration_succeeded');
    assert.equal(sf.creates, creates + 1, 'one Case');
  });

  it('updates the Case a call made when its answer was lost, instead of making a second one', async () => {
    const creates = sf.creates;
    sf.loseNextUpsertAnswer();
    const number = await opened(sys);
    const event = await salesforceEvent(sys, number);
    assert.equal(event.type, 'integration_succeeded');
    assert.equal(sf.creates, creates + 1, 'one Case');
    assert.equal(event.data.id, sf.cases.find((c) => c.Description?.includes(number))?.Id);
  });

  it('renews an expired session once and goes on', async () => {
    const tokens = sf.tokens;
    sf.expireTokens();
    const number = await opened(sys);
    assert.equal((await salesforceEvent(sys, number)).type, 'integration_succeeded');
    assert.equal(sf.tokens, tokens + 1, 'one new token');
  });

  it('records a session that a new token does not mend as refused, after one new token', async () => {
    const tokens = sf.tokens;
    sf.refuseSessions = true;
    try {
      const number = await opened(sys);
      const event = await salesforceEvent(sys, number);
      assert.equal(event.data.reason, 'refused');
      assert.match(String(event.data.message), /401.*INVALID_SESSION_ID: Session expired or invalid/);
      await new Promise((resolve) => setTimeout(resolve, 2500)); // a retry would come after 1 s
      assert.equal(sf.tokens, tokens + 1, 'one new token, not a loop of them');
    } finally {
      sf.refuseSessions = false;
    }
  });

  it('records an unknown account as refused, without making a Case', async () => {
    const creates = sf.creates;
    const number = await opened(sys, 'Initech');
    const event = await salesforceEvent(sys, number);
    assert.equal(event.type, 'integration_failed');
    assert.equal(event.data.reason, 'refused');
    assert.match(String(event.data.message), /no Account named 'Initech'/);
    assert.equal(sf.creates, creates);
    assert.equal((await sys.tickets.settle(number)).fields.salesforce_case_id, undefined);
  });

  it('records a field the org requires as refused with Salesforce’s message, without retrying', async () => {
    sf.requiredCaseFields.add('Product__c');
    sf.caseCustomFields.add('Product__c');
    try {
      const requests = sf.requests;
      const number = await opened(sys);
      const event = await salesforceEvent(sys, number);
      assert.equal(event.data.reason, 'refused');
      assert.match(
        String(event.data.message),
        /400.*REQUIRED_FIELD_MISSING: Required fields are missing: \[Product__c\]/,
      );
      await new Promise((resolve) => setTimeout(resolve, 2500)); // a retry would come after 1 s
      assert.equal(sf.requests - requests, 2, 'one query and one upsert, no retry');
    } finally {
      sf.requiredCaseFields.delete('Product__c');
    }
  });

  it('records a missing external id field as refused with Salesforce’s message', async () => {
    sf.caseCustomFields.delete('Ticketflow_Effect_Id__c');
    try {
      const number = await opened(sys);
      const event = await salesforceEvent(sys, number);
      assert.equal(event.data.reason, 'refused');
      assert.match(
        String(event.data.message),
        /404.*NOT_FOUND: Provided external ID field does not exist or is not accessible: Ticketflow_Effect_Id__c/,
      );
    } finally {
      sf.caseCustomFields.add('Ticketflow_Effect_Id__c');
    }
  });

  it('records a Case deleted in Salesforce, and a status its picklist lacks, as refused', async () => {
    const deleted = await opened(sys, 'ACME', 'Deleted');
    const picklist = await opened(sys, 'ACME', 'Picklist');
    await salesforceEvent(sys, deleted);
    await salesforceEvent(sys, picklist);
    sf.cases = sf.cases.filter((c) => !c.Description?.includes(deleted));
    sf.caseStatuses.delete('Closed');
    try {
      await resolve(sys, deleted);
      await resolve(sys, picklist);
      const gone = await salesforceEvent(sys, deleted, 'update_case');
      assert.equal(gone.data.reason, 'refused');
      assert.match(String(gone.data.message), /404.*NOT_FOUND: The requested resource does not exist/);
      const bad = await salesforceEvent(sys, picklist, 'update_case');
      assert.equal(bad.data.reason, 'refused');
      assert.match(
        String(bad.data.message),
        /400.*INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Status: bad value for restricted picklist field: Closed \(Status\)/,
      );
      assert.equal((await sys.tickets.settle(picklist)).state, 'resolved', 'the ticket went on');
    } finally {
      sf.caseStatuses.add('Closed');
    }
  });

  it('records revoked credentials as refused with the token endpoint’s answer', async () => {
    sf.clientSecret = 'rotated';
    sf.expireTokens();
    try {
      const number = await opened(sys);
      const event = await salesforceEvent(sys, number);
      assert.equal(event.data.reason, 'refused');
      assert.match(String(event.data.message), /400.*invalid_client: invalid client credentials/);
    } finally {
      sf.clientSecret = sf.settings.clientSecret;
    }
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
