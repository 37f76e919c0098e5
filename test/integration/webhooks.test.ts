// Inbound webhooks end to end, through the API's HTTP endpoints and the tickets' workflows: a signed
// Jira delivery resolving the issue a customer case escalated to moves the case back to investigating,
// once however often it is delivered; Salesforce's Case verdicts and updates and an APS drawing's new
// version reach their tickets as the signals their processes declare. Forged or missing signatures,
// malformed bodies, objects no ticket has, signals that do not apply and endpoints without a secret
// are refused with their status, change nothing, and are recorded for admins.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { webhookOf, type WebhookVendor } from '../../activities/integrations/vendors.js';
import { sign } from '../../activities/integrations/webhook-signatures.js';
import { pruneDeliveries } from '../../api/webhooks/deliveries.js';
import type { WebhookSecrets } from '../../platform/config.js';
import * as webhooksMigration from '../../platform/store/migrations/2026-12-02-62-webhooks.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { startLocalJira, type LocalJira } from '../support/vendors/jira.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

const secrets: Required<WebhookSecrets> = {
  jira: 'jira-webhook-secret-of-the-tests',
  salesforce: 'salesforce-webhook-secret-of-the-tests',
  aps: 'aps-webhook-secret-of-the-tests',
};

interface Delivery {
  status: number;
  body: { outcome: string; message?: string; tickets?: { number: string; outcome: string; reason?: string }[] };
}

/** POSTs `body` to the vendor's endpoint, signed with `secret` (the configured one unless told otherwise). */
async function post(
  api: TestApi,
  vendor: WebhookVendor,
  body: string | object,
  options: { headers?: Record<string, string>; secret?: string | null } = {},
): Promise<Delivery> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const secret = options.secret === undefined ? secrets[vendor] : options.secret;
  const header = { jira: 'x-hub-signature', salesforce: 'x-ticketflow-signature', aps: 'x-adsk-signature' }[vendor];
  const response = await fetch(`${api.url}/webhooks/${vendor}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret !== null && { [header]: sign(webhookOf(vendor).signature, secret, raw) }),
      ...options.headers,
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Delivery['body'] };
}

/** What Jira Cloud sends when an issue's status changes (the fields we read, and some we do not). */
function jiraIssueUpdated(issue: { id: string; key: string }, category: 'done' | 'indeterminate', status = 'Done') {
  return {
    timestamp: Date.now(),
    webhookEvent: 'jira:issue_updated',
    issue_event_type_name: 'issue_generic',
    user: { accountId: '5b10a2844c20165700ede21g', displayName: 'Eng Lead' },
    issue: {
      id: issue.id,
      key: issue.key,
      self: `https://example.atlassian.net/rest/api/3/issue/${issue.id}`,
      fields: {
        summary: 'Acme export broken',
        status: { name: status, statusCategory: { id: category === 'done' ? 3 : 4, key: category } },
        resolution: category === 'done' ? { name: 'Fixed' } : null,
      },
    },
    changelog: { id: '10100', items: [{ field: 'status', fieldtype: 'jira', fromString: 'To Do', toString: status }] },
  };
}

describe('inbound webhooks', () => {
  let jira: LocalJira;
  let sys: TestSystem;
  let api: TestApi;

  before(async () => {
    jira = await startLocalJira();
    sys = await startTestSystem({ integrations: { jira: jira.settings, requestTimeoutMs: 2000 } });
    api = await startTestApi(sys, { webhooks: secrets });
  });
  after(async () => {
    await api.stop();
    await sys.stop();
    await jira.stop();
  });

  /** A customer case (with a Salesforce Case id, as a case mirrored from Salesforce has) investigated by tia. */
  async function customerCase(caseId = `500${randomUUID().slice(0, 12)}`) {
    const erin = await sys.person('erin.employee@example.com');
    const tia = await sys.person('tia.support@example.com');
    const { number } = (
      await sys.tickets.create(
        {
          process: 'customer-case',
          title: 'Acme export broken',
          requester: { userId: erin.userId },
          fields: { account: 'ACME', salesforce_case_id: caseId },
        },
        // The Salesforce Case is a staff field: staff submit the case for Erin (as the mirror of a
        // Salesforce Case is submitted by the integration, not by the requester).
        tia,
      )
    ).ticket;
    await sys.tickets.reassign(number, tia, { userId: tia.userId });
    await sys.tickets.move(number, tia, { transition: 'investigate' });
    return { number, caseId, tia };
  }

  /** A customer case escalated to engineering, and the Jira issue its escalation created. */
  async function escalated() {
    const { number, tia } = await customerCase();
    await sys.tickets.move(number, tia, { transition: 'escalate', fields: { escalation_reason: 'Rows go missing' } });
    const issue = await eventually(
      async () => jira.issues.find((i) => i.labels.includes(`ticketflow-${number}`)),
      30_000,
      `${number}'s Jira issue`,
    );
    // Linked once the projection has the call's outcome.
    await eventually(
      async () =>
        (await sys.db
          .selectFrom('ticket_links')
          .select('external_id')
          .where('external_id', '=', issue.key)
          .executeTakeFirst()) ?? undefined,
      20_000,
      `${issue.key} linked`,
    );
    return { number, issue };
  }

  const signalsOf = async (number: string) =>
    (await sys.tickets.timeline(number)).events.filter(
      (e) => e.type === 'signal_received' || e.type === 'external_comment',
    );

  const deliveries = (eventId: string) =>
    sys.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).orderBy('id').execute();

  it('moves an escalated case back to investigating when its Jira issue is resolved, once however often it is delivered', async () => {
    const { number, issue } = await escalated();
    const links = await sys.db
      .selectFrom('ticket_links')
      .select(['system', 'external_id'])
      .orderBy('external_id')
      .execute();
    assert.ok(
      links.some((l) => l.system === 'jira' && l.external_id === issue.id),
      'linked by the issue id too',
    );
    const eventId = randomUUID();
    const delivery = jiraIssueUpdated(issue, 'done');
    const headers = { 'x-atlassian-webhook-identifier': eventId };

    const first = await post(api, 'jira', delivery, { headers });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.outcome, 'accepted');
    assert.equal((await sys.tickets.get(number)).state, 'investigating');

    const replayed = await post(api, 'jira', delivery, { headers: { ...headers, 'x-atlassian-webhook-retry': '1' } });
    assert.equal(replayed.status, 200);
    assert.equal(replayed.body.outcome, 'duplicate');
    const signals = await signalsOf(number);
    assert.equal(signals.length, 1, 'one signal');
    assert.equal(signals[0]!.data.name, 'jira.issue_resolved');
    assert.equal(signals[0]!.data.source, 'jira-webhook');
    assert.deepEqual(
      (await deliveries(eventId)).map((d) => [d.vendor, d.outcome, d.status, d.tickets]),
      [
        ['jira', 'accepted', 200, [number]],
        ['jira', 'duplicate', 200, [number]],
      ],
    );

    // The same issue resolved again later (a new event) no longer applies: refused without a retry.
    const again = await post(api, 'jira', delivery, { headers: { 'x-atlassian-webhook-identifier': randomUUID() } });
    assert.equal(again.status, 422, JSON.stringify(again.body));
    assert.match(String(again.body.message), /jira\.issue_resolved|not/i);
    assert.equal((await sys.tickets.get(number)).state, 'investigating');
  });

  it('refuses forged, unsigned and malformed Jira deliveries, and issues no ticket has, changing nothing', async () => {
    const { number, issue } = await escalated();
    const version = (await sys.tickets.get(number)).version;
    const delivery = jiraIssueUpdated(issue, 'done');

    const forgedId = randomUUID();
    const forged = await post(api, 'jira', delivery, {
      secret: 'not-the-secret-at-all',
      headers: { 'x-atlassian-webhook-identifier': forgedId },
    });
    assert.equal(forged.status, 401);
    assert.match(String(forged.body.message), /signature does not match/);
    const unsigned = await post(api, 'jira', delivery, {
      secret: null,
      headers: { 'x-atlassian-webhook-identifier': randomUUID() },
    });
    assert.equal(unsigned.status, 401);
    assert.match(String(unsigned.body.message), /x-hub-signature header is missing/);
    // Signed over other bytes than those sent: the body was changed on the way.
    const tampered = await fetch(`${api.url}/webhooks/jira`, {
      method: 'POST',
      headers: {
        'x-hub-signature': sign(
          webhookOf('jira').signature,
          secrets.jira,
          JSON.stringify(jiraIssueUpdated(issue, 'indeterminate')),
        ),
        'x-atlassian-webhook-identifier': randomUUID(),
      },
      body: JSON.stringify(delivery),
    });
    assert.equal(tampered.status, 401);

    const notJson = await post(api, 'jira', '{"webhookEvent": ', {
      headers: { 'x-atlassian-webhook-identifier': randomUUID() },
    });
    assert.equal(notJson.status, 400);
    assert.match(String(notJson.body.message), /not JSON/);
    const noIdentifier = await post(api, 'jira', delivery);
    assert.equal(noIdentifier.status, 400);
    assert.match(String(noIdentifier.body.message), /X-Atlassian-Webhook-Identifier/);
    const noIssue = await post(
      api,
      'jira',
      { webhookEvent: 'jira:issue_updated' },
      {
        headers: { 'x-atlassian-webhook-identifier': randomUUID() },
      },
    );
    assert.equal(noIssue.status, 400);
    assert.match(String(noIssue.body.message), /issue\.id is missing/);

    // Text Postgres cannot store and JSON nested too deep to walk: a 400
    // that says why, never a 500 from the lookups and records behind it.
    const withNul = await post(api, 'jira', jiraIssueUpdated({ id: '1\u0000', key: 'ENG-\u0000' }, 'done'), {
      headers: { 'x-atlassian-webhook-identifier': randomUUID() },
    });
    assert.equal(withNul.status, 400);
    assert.match(String(withNul.body.message), /issue\.id: contains U\+0000/);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 1000; i++) deep = [deep];
    const tooDeep = await post(
      api,
      'jira',
      { ...delivery, deep },
      {
        headers: { 'x-atlassian-webhook-identifier': randomUUID() },
      },
    );
    assert.equal(tooDeep.status, 400);
    assert.match(String(tooDeep.body.message), /nests deeper than 64 levels/);

    const unknown = await post(api, 'jira', jiraIssueUpdated({ id: '99999', key: 'ENG-9999' }, 'done'), {
      headers: { 'x-atlassian-webhook-identifier': randomUUID() },
    });
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.body.message), /no ticket is linked to jira 99999 \/ ENG-9999/);

    const ticket = await sys.tickets.get(number);
    assert.equal(ticket.state, 'escalated');
    assert.equal(ticket.version, version);
    assert.deepEqual(await signalsOf(number), []);
    const [refused] = await deliveries(forgedId);
    assert.equal(refused?.outcome, 'refused');
    assert.equal(refused?.status, 401);

    // Admins see the refusals, newest first, with why.
    const admin = await api.signIn('admin@example.com');
    const listed = await api.gql<{ webhookDeliveries: { eventId: string; status: number; reason: string }[] }>(
      '{ webhookDeliveries(vendor: "jira", outcome: "refused", first: 20) { eventId status reason } }',
      {},
      { token: admin },
    );
    const seen = listed.data?.webhookDeliveries.find((d) => d.eventId === forgedId);
    assert.deepEqual(seen, {
      eventId: forgedId,
      status: 401,
      reason: 'the x-hub-signature signature does not match the body',
    });
    const employee = await api.signIn('erin.employee@example.com');
    const denied = await api.gql('{ webhookDeliveries { id } }', {}, { token: employee });
    assert.equal(denied.errors?.[0]?.extensions.code, 'FORBIDDEN');

    // A body over the limit is refused while it is read.
    const huge = await post(
      api,
      'jira',
      { padding: 'x'.repeat(300 * 1024) },
      {
        headers: { 'x-atlassian-webhook-identifier': randomUUID() },
      },
    );
    assert.equal(huge.status, 413);
  });

  it('ignores a Jira update that resolves nothing when the process declares no jira.issue_updated', async () => {
    const { number, issue } = await escalated();
    const update = await post(api, 'jira', jiraIssueUpdated(issue, 'indeterminate', 'In Progress'), {
      headers: { 'x-atlassian-webhook-identifier': randomUUID() },
    });
    assert.equal(update.status, 200, JSON.stringify(update.body));
    assert.equal(update.body.outcome, 'ignored');
    assert.equal((await sys.tickets.get(number)).state, 'escalated');
  });

  it('takes Salesforce Case verdicts and updates: accepted resolves the case, an update is a comment', async () => {
    const { number, caseId, tia } = await customerCase();
    await sys.tickets.move(number, tia, { transition: 'propose', fields: { solution: 'Export in two halves.' } });

    const comment = 'Customer: the workaround helps, but we need the fix by Friday.';
    const updated = await post(api, 'salesforce', {
      eventId: `0CH${randomUUID().slice(0, 12)}`,
      caseId,
      status: 'Working',
      comment,
      author: 'Ann Account',
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.outcome, 'accepted');
    const accepted = await post(api, 'salesforce', {
      eventId: `0CH${randomUUID().slice(0, 12)}`,
      caseId,
      status: 'Accepted',
    });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal((await sys.tickets.get(number)).state, 'resolved');

    const signals = await signalsOf(number);
    assert.deepEqual(
      signals.map((e) => [e.type, e.data.name]),
      [
        ['signal_received', 'salesforce.case_updated'],
        ['external_comment', 'salesforce.case_updated'],
        ['signal_received', 'salesforce.case_accepted'],
      ],
    );
    // The comment's text is kept in Postgres; the workflow's history has only its id.
    const stored = (signals[1]!.data.payload as { comment: { text: string } }).comment;
    const text = await sys.db
      .selectFrom('ticket_texts')
      .select('body')
      .where('id', '=', stored.text)
      .executeTakeFirst();
    assert.equal(text?.body, comment);

    // Another case's customer rejects the solution: back to investigating, with why.
    const other = await customerCase();
    await sys.tickets.move(other.number, other.tia, { transition: 'propose', fields: { solution: 'Restart it.' } });
    const rejected = await post(api, 'salesforce', {
      eventId: `0CH${randomUUID().slice(0, 12)}`,
      caseId: other.caseId,
      status: 'Rejected',
      comment: 'Restarting loses the queue.',
    });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal((await sys.tickets.get(other.number)).state, 'investigating');

    const forged = await post(
      api,
      'salesforce',
      { eventId: 'x', caseId, status: 'Rejected' },
      { secret: 'wrong-secret-wrong-secret' },
    );
    assert.equal(forged.status, 401);
    const malformed = await post(api, 'salesforce', { caseId, status: 'Accepted' });
    assert.equal(malformed.status, 400);
    assert.match(String(malformed.body.message), /eventId is missing/);
    const unknown = await post(api, 'salesforce', { eventId: randomUUID(), caseId: '500UNKNOWN', status: 'Accepted' });
    assert.equal(unknown.status, 404);
  });

  it('records a new APS version of a change request’s drawing as its new revision', async () => {
    const erin = await sys.person('erin.employee@example.com');
    const lineage = `urn:adsk.wipprod:dm.lineage:${randomUUID().slice(0, 22)}`;
    const { number } = (
      await sys.tickets.create(
        {
          process: 'engineering-change',
          title: 'Thicker bracket',
          requester: { userId: erin.userId },
          fields: { drawing: lineage, part_number: 'BR-100', quantity: 20 },
        },
        erin,
      )
    ).ticket;
    const versionUrn = 'urn:adsk.wipprod:fs.file:vf.rXJhqUE6QamM6ANpG2Qz6w?version=3';
    const delivery = {
      version: '1.0',
      resourceUrn: versionUrn,
      hook: {
        hookId: randomUUID(),
        system: 'data',
        event: 'dm.version.added',
        scope: { folder: 'urn:adsk.wipprod:fs.folder:co.s424tpjyS_yYBs5ozch94g' },
        hookAttribute: { projectId: 'b.ca790fb5-141d-4ad5-b411-0461af2e9748' },
      },
      payload: { ext: 'dwg', lineageUrn: lineage, source: versionUrn, version: 3, name: 'bracket.dwg' },
    };
    const added = await post(api, 'aps', delivery, { headers: { 'x-adsk-delivery-id': randomUUID() } });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal(added.body.outcome, 'accepted');
    const again = await post(api, 'aps', delivery, { headers: { 'x-adsk-delivery-id': randomUUID() } });
    assert.equal(again.body.outcome, 'duplicate');
    const signals = await signalsOf(number);
    assert.equal(signals.length, 1);
    assert.equal(signals[0]!.data.name, 'cad.revision_uploaded');
    const payload = signals[0]!.data.payload as Record<string, unknown>;
    assert.equal(payload.revision, '3');
    assert.match(String(payload.url), /^https:\/\/developer\.api\.autodesk\.com\/data\/v1\/projects\/b\.ca790fb5/);

    const sha256Signed = await fetch(`${api.url}/webhooks/aps`, {
      method: 'POST',
      headers: { 'x-adsk-signature': sign(webhookOf('jira').signature, secrets.aps, JSON.stringify(delivery)) },
      body: JSON.stringify(delivery),
    });
    assert.equal(sha256Signed.status, 401, 'APS signs with HMAC-SHA1 as sha1hash=');
    const malformed = await post(api, 'aps', { hook: { event: 'dm.version.added' }, payload: { source: versionUrn } });
    assert.equal(malformed.status, 400);
    assert.match(String(malformed.body.message), /lineageUrn is missing/);
  });

  // Last: it rebuilds the tables the other tests read.
  it('links the tickets whose Jira issue was made before the migration (its backfill)', async () => {
    const { number, issue } = await escalated();
    const { id } = await sys.db
      .selectFrom('tickets')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    await webhooksMigration.down(sys.db as never);
    await webhooksMigration.up(sys.db as never);
    const links = await sys.db
      .selectFrom('ticket_links')
      .select(['system', 'external_id'])
      .where('ticket_id', '=', id)
      .orderBy('external_id')
      .execute();
    assert.deepEqual(
      links,
      [issue.id, issue.key].sort().map((external_id) => ({ system: 'jira', external_id })),
    );
    const resolved = await post(api, 'jira', jiraIssueUpdated(issue, 'done'), {
      headers: { 'x-atlassian-webhook-identifier': randomUUID() },
    });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal((await sys.tickets.get(number)).state, 'investigating');
  });
});

describe('inbound webhooks without secrets', () => {
  it('answers 404 at every endpoint, saying which variable is unset', async () => {
    const sys = await startTestSystem({ worker: false });
    const api = await startTestApi(sys);
    try {
      for (const vendor of ['jira', 'salesforce', 'aps'] as const) {
        const answer = await post(api, vendor, { any: 'thing' });
        assert.equal(answer.status, 404);
        assert.match(String(answer.body.message), /not configured \((JIRA|SALESFORCE|APS)_WEBHOOK_SECRET\)/);
      }
      const recorded = await sys.db.selectFrom('webhook_deliveries').select(['vendor', 'status']).execute();
      assert.equal(recorded.length, 3);
      // Kept for a while only: anyone may call the endpoints.
      await sys.db
        .updateTable('webhook_deliveries')
        .set({ received_at: new Date(Date.now() - 31 * 86_400_000) } as never)
        .execute();
      assert.equal(await pruneDeliveries(sys.db), 3);
    } finally {
      await api.stop();
      await sys.stop();
    }
  });
});
