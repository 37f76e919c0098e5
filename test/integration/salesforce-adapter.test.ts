// The Salesforce adapter (activities/integrations/salesforce/adapter.ts, jsforce) against a local org
// (test/support/vendors/salesforce.ts), called directly: no workflow, no Temporal, so each case costs a
// few requests instead of a ticket and the retry policy's waits. The Case it upserts (account by name,
// quotes in it, or by id), the update that closes it, its upsert by the run's external id (a retry after
// a 500, a locked row or a lost answer updates the Case instead of making a second), a session renewed
// once, which answers are refusals with Salesforce's words and what the registry makes of them.
// integration-salesforce.test.ts keeps the end-to-end runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { salesforceAdapter } from '../../activities/integrations/salesforce/adapter.js';
import type { Adapter, AdapterCall } from '../../activities/integrations/types.js';
import { INTEGRATION_REFUSED } from '../../workflows/ticket/model.js';
import { applicationFailure, integrationsWithoutDb, notRefused, refused } from '../support/vendors/adapter-calls.js';
import { startLocalSalesforce, type LocalSalesforce } from '../support/vendors/salesforce.js';

let runs = 0;
/** A create_case call of a new action run (its own effect id). */
const createCase = (values: Record<string, string> = {}): AdapterCall => ({
  operation: 'create_case',
  ticketNumber: 'CASE-000001',
  effectId: `run-${++runs}`,
  values: { account: 'ACME', subject: 'Acme export broken', reference: 'CASE-000001', ...values },
});
const updateCase = (caseId: string, status?: string): AdapterCall => ({
  operation: 'update_case',
  ticketNumber: 'CASE-000001',
  effectId: `run-${++runs}`,
  values: { case_id: caseId, ...(status && { status }) },
});

describe('salesforce adapter', () => {
  let sf: LocalSalesforce;
  let adapter: Adapter;

  before(async () => {
    sf = await startLocalSalesforce();
    adapter = salesforceAdapter(sf.settings, 2000);
  });
  after(() => sf.stop());

  const caseOf = (call: AdapterCall) => sf.cases.filter((c) => c.Ticketflow_Effect_Id__c === call.effectId);

  it('creates a Case for the account, with the run id as its external id, and gives its id, number and link', async () => {
    const call = createCase({ description: 'The export drops rows' });
    const made = await adapter.call(call);
    const [acmeCase, ...more] = caseOf(call);
    assert.equal(more.length, 0, 'one Case');
    assert.equal(acmeCase!.AccountId, '001Hb00000AcmeAAAA');
    assert.equal(acmeCase!.Subject, 'Acme export broken');
    assert.equal(acmeCase!.Description, 'From Ticketflow ticket CASE-000001.\n\nThe export drops rows');
    const url = `${sf.url}/lightning/r/Case/${acmeCase!.Id}/view`;
    assert.deepEqual(made, {
      id: acmeCase!.Id,
      key: acmeCase!.CaseNumber,
      url,
      results: { case_id: acmeCase!.Id, case_number: acmeCase!.CaseNumber, case_url: url },
    });
  });

  it('finds the account by id, and by a name with quotes in it', async () => {
    for (const account of ['001Hb00000GlobxAAA', "O'Brien & Co"]) {
      const call = createCase({ account });
      await adapter.call(call);
      assert.equal(caseOf(call)[0]?.AccountId, '001Hb00000GlobxAAA');
    }
  });

  it('closes a Case: the resolved status, or the one the input names', async () => {
    const made = await adapter.call(createCase());
    const closed = await adapter.call(updateCase(made.id));
    assert.equal(sf.cases.find((c) => c.Id === made.id)?.Status, 'Closed');
    assert.equal(closed.id, made.id);
    assert.equal(closed.results.status, 'Closed');
    assert.equal((await adapter.call(updateCase(made.id, 'Working'))).results.status, 'Working');
  });

  it('fails a 500 as something a retry may mend, and the retry makes one Case', async () => {
    await adapter.call(createCase()); // a session is held
    const call = createCase();
    const creates = sf.creates;
    sf.failNext(2);
    await notRefused(adapter.call(call), /Salesforce answered 500: UNKNOWN_EXCEPTION/);
    await notRefused(adapter.call(call), /500/);
    assert.equal((await adapter.call(call)).id, caseOf(call)[0]?.Id);
    assert.equal(sf.creates, creates + 1, 'one Case');
  });

  it('fails a locked row, a 400 that passes, as something a retry may mend, and the retry makes one Case', async () => {
    const call = createCase();
    const creates = sf.creates;
    sf.lockNext(1);
    await notRefused(
      adapter.call(call),
      /Salesforce answered 400: UNABLE_TO_LOCK_ROW: unable to obtain exclusive access/,
    );
    assert.equal((await adapter.call(call)).id, caseOf(call)[0]?.Id);
    assert.equal(sf.creates, creates + 1, 'one Case');
  });

  it('updates the Case a call made when its answer was lost, instead of making a second one', async () => {
    const call = createCase();
    const creates = sf.creates;
    sf.loseNextUpsertAnswer();
    await notRefused(adapter.call(call));
    const made = await adapter.call(call); // the retry
    assert.equal(sf.creates, creates + 1, 'one Case');
    assert.equal(made.id, caseOf(call)[0]?.Id);
  });

  it('renews an expired session once and goes on', async () => {
    await adapter.call(createCase()); // a session is held
    const tokens = sf.tokens;
    sf.expireTokens();
    await adapter.call(createCase());
    assert.equal(sf.tokens, tokens + 1, 'one new token');
  });

  it('refuses a session that a new token does not mend, after one new token', async () => {
    await adapter.call(createCase()); // a session is held
    const tokens = sf.tokens;
    sf.refuseSessions = true;
    try {
      await refused(adapter.call(createCase()), 401, /401: INVALID_SESSION_ID: Session expired or invalid/);
      assert.equal(sf.tokens, tokens + 1, 'one new token, not a loop of them');
    } finally {
      sf.refuseSessions = false;
    }
  });

  it('refuses an unknown account, several accounts of one name and no account, making no Case', async () => {
    const creates = sf.creates;
    await refused(adapter.call(createCase({ account: 'Initech' })), 404, /Salesforce has no Account named 'Initech'/);
    sf.accounts.push({ Id: '001Hb00000Twin1AAA', Name: 'Twins' }, { Id: '001Hb00000Twin2AAA', Name: 'Twins' });
    await refused(adapter.call(createCase({ account: 'Twins' })), 409, /several Accounts named 'Twins'/);
    await refused(adapter.call(createCase({ account: ' ' })), 400, /create_case needs an account/);
    assert.equal(sf.creates, creates);
  });

  it('refuses a field the org requires with Salesforce’s message, after one query and one upsert', async () => {
    await adapter.call(createCase()); // a session is held
    sf.requiredCaseFields.add('Product__c');
    sf.caseCustomFields.add('Product__c');
    try {
      const requests = sf.requests;
      await refused(
        adapter.call(createCase()),
        400,
        /Salesforce answered 400: REQUIRED_FIELD_MISSING: Required fields are missing: \[Product__c\]/,
      );
      assert.equal(sf.requests - requests, 2, 'one query and one upsert');
    } finally {
      sf.requiredCaseFields.delete('Product__c');
    }
  });

  it('refuses a missing external id field with Salesforce’s message', async () => {
    sf.caseCustomFields.delete('Ticketflow_Effect_Id__c');
    try {
      await refused(
        adapter.call(createCase()),
        404,
        /404.*NOT_FOUND: Provided external ID field does not exist or is not accessible: Ticketflow_Effect_Id__c/,
      );
    } finally {
      sf.caseCustomFields.add('Ticketflow_Effect_Id__c');
    }
  });

  it('refuses closing a Case deleted in Salesforce, a status its picklist lacks, and no Case id', async () => {
    const deleted = await adapter.call(createCase());
    const picklist = await adapter.call(createCase());
    sf.cases = sf.cases.filter((c) => c.Id !== deleted.id);
    sf.caseStatuses.delete('Closed');
    try {
      await refused(adapter.call(updateCase(deleted.id)), 404, /404.*NOT_FOUND: The requested resource does not exist/);
      await refused(
        adapter.call(updateCase(picklist.id)),
        400,
        /400.*INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Status: bad value for restricted picklist field: Closed \(Status\)/,
      );
    } finally {
      sf.caseStatuses.add('Closed');
    }
    await refused(adapter.call(updateCase('')), 400, /update_case needs a Salesforce Case id/);
  });

  it('refuses revoked credentials with the token endpoint’s answer', async () => {
    sf.clientSecret = 'rotated';
    sf.expireTokens();
    try {
      await refused(
        salesforceAdapter(sf.settings, 2000).call(createCase()),
        400,
        /400.*invalid_client: invalid client credentials/,
      );
      await refused(adapter.call(createCase()), 400, /invalid_client/);
    } finally {
      sf.clientSecret = sf.settings.clientSecret;
    }
  });

  it('refuses an operation it does not have', async () => {
    await refused(adapter.call({ ...createCase(), operation: 'delete_case' }), 0, /salesforce has no operation/);
  });
});

describe('salesforce through the registry', () => {
  let sf: LocalSalesforce;

  before(async () => {
    sf = await startLocalSalesforce();
  });
  after(() => sf.stop());

  it('gives a made Case as done, a refusal as final with its status, a 500 and a locked row as retryable', async () => {
    const integrations = integrationsWithoutDb({ salesforce: sf.settings, requestTimeoutMs: 2000 });
    const done = await integrations.invoke('salesforce', createCase());
    assert.equal(done.outcome === 'done' && done.made.id, sf.cases.at(-1)?.Id);
    await applicationFailure(integrations.invoke('salesforce', createCase({ account: 'Initech' })), {
      type: INTEGRATION_REFUSED,
      nonRetryable: true,
      words: /no Account named 'Initech'/,
      details: [{ status: 404 }],
    });
    sf.failNext(1);
    await applicationFailure(integrations.invoke('salesforce', createCase()), {
      type: 'VendorError',
      nonRetryable: false,
      words: /^salesforce: /,
    });
    sf.lockNext(1);
    await applicationFailure(integrations.invoke('salesforce', createCase()), {
      type: 'VendorError',
      nonRetryable: false,
      words: /UNABLE_TO_LOCK_ROW/,
    });
  });

  it('answers not configured without Salesforce settings', async () => {
    assert.deepEqual(await integrationsWithoutDb({}).invoke('salesforce', createCase()), {
      outcome: 'not_configured',
    });
  });
});
