// API keys over GraphQL: an admin creates one (its secret shown once, never listed, only a hash stored),
// scopes are checked against the published processes, creating and revoking are audited, and a system
// creates and reads tickets only as its scope allows; people's operations are not for systems.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi, failsWith } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const CREATE_KEY = `mutation ($i: CreateApiKeyInput!) {
  createApiKey(input: $i) { secret key { id name prefix processes signals createTickets readTickets createdBy { email } revokedAt } }
}`;
const LIST = '{ apiKeys { id name prefix processes revokedAt lastUsedAt } }';
const CREATE_TICKET = `mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number state process { key } } }`;
const TICKET = 'query ($n: String!) { ticket(number: $n) { number title } }';

type Created = { createApiKey: { secret: string; key: { id: string; prefix: string; revokedAt: string | null } } };

describe('API keys over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let admin: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    admin = await api.signIn('admin@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const createKey = (input: Record<string, unknown>, token = admin) =>
    api.gql<Created>(CREATE_KEY, { i: input }, { token });
  const keyCount = async () =>
    Number(
      (
        await sys.db
          .selectFrom('api_keys')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('shows the secret once, stores only its hash, lists keys without secrets, and audits', async () => {
    const created = await createKey({
      name: 'mail-gateway',
      processes: ['it-support'],
      signals: ['requester.replied'],
      readTickets: true,
    });
    const { secret, key } = created.data!.createApiKey;
    assert.match(secret, /^tfk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    assert.equal(secret.split('_')[1], key.prefix);
    assert.deepEqual(
      { ...created.data!.createApiKey.key, id: undefined, prefix: undefined },
      {
        id: undefined,
        prefix: undefined,
        name: 'mail-gateway',
        processes: ['it-support'],
        signals: ['requester.replied'],
        createTickets: false,
        readTickets: true,
        createdBy: { email: 'admin@example.com' },
        revokedAt: null,
      },
    );
    const row = await sys.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    const secretPart = secret.slice(`tfk_${key.prefix}_`.length);
    assert.equal(row.secret_hash, createHash('sha256').update(secretPart).digest('hex'));

    const listed = await api.gql<{ apiKeys: { id: string }[] }>(LIST, {}, { token: admin });
    assert.ok(listed.data?.apiKeys.some((k) => k.id === key.id));
    assert.ok(!JSON.stringify(listed).includes(secretPart), 'no secret in the list');
    const apiKeyType = await api.gql('{ __type(name: "ApiKey") { fields { name } } }', {}, { token: admin });
    assert.ok(apiKeyType.data?.__type, JSON.stringify(apiKeyType.errors));
    const schemaText = JSON.stringify(apiKeyType);
    assert.ok(!/secret|hash/i.test(schemaText), 'an ApiKey has no field for its secret');

    const revoked = await api.gql<{ revokeApiKey: { revokedAt: string | null } }>(
      'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: key.id },
      { token: admin },
    );
    assert.ok(revoked.data?.revokeApiKey.revokedAt, JSON.stringify(revoked.errors));
    failsWith(await api.gql(TICKET, { n: 'IT-000001' }, { token: secret }), 'UNAUTHENTICATED', 'API_KEY_REVOKED');

    const audit = await sys.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'details'])
      .where('subject', '=', `api_key:${key.id}`)
      .orderBy('id')
      .execute();
    const adminId = (await sys.person('admin@example.com')).userId;
    assert.deepEqual(
      audit.map((a) => [a.actor, a.action]),
      [
        [adminId, 'api_key.created'],
        [adminId, 'api_key.revoked'],
      ],
    );
    assert.ok(!JSON.stringify(audit).includes(secretPart), 'no secret in the audit log');
  });

  it('refuses scopes naming unknown processes or undeclared signals, naming the field; nothing is made', async () => {
    const before = await keyCount();
    const unknown = await createKey({ name: 'x', processes: ['it-support', 'no-such-process'], signals: [] });
    failsWith(unknown, 'BAD_USER_INPUT');
    assert.deepEqual(unknown.errors![0]!.extensions.fields, ['processes[1]']);
    const undeclared = await createKey({
      name: 'x',
      processes: ['it-support'],
      signals: ['requester.replied', 'jira.issue_resolved'],
    });
    failsWith(undeclared, 'BAD_USER_INPUT');
    assert.deepEqual(undeclared.errors![0]!.extensions.fields, ['signals[1]']);
    failsWith(await createKey({ name: ' ', processes: ['it-support'], signals: [] }), 'BAD_USER_INPUT');
    assert.equal(await keyCount(), before);
  });

  it('lets only admins manage keys', async () => {
    const agent = await api.signIn('cora.coordinator@example.com');
    failsWith(await createKey({ name: 'x', processes: ['it-support'], signals: [] }, agent), 'FORBIDDEN');
    failsWith(await api.gql(LIST, {}, { token: agent }), 'FORBIDDEN');
    failsWith(await api.gql(LIST), 'UNAUTHENTICATED');
    const unknownId = await api.gql(
      'mutation { revokeApiKey(id: "00000000-0000-4000-8000-000000000000") { id } }',
      {},
      { token: admin },
    );
    failsWith(unknownId, 'NOT_FOUND');
  });

  it('lets a system create tickets of its processes for a requester, and read them only with readTickets', async () => {
    const writer = (await createKey({ name: 'portal', processes: ['it-support'], signals: [], createTickets: true }))
      .data!.createApiKey.secret;
    const input = { process: 'it-support', title: 'Printer', fields: { category: 'hardware' } };
    const noRequester = await api.gql(CREATE_TICKET, { i: input }, { token: writer });
    failsWith(noRequester, 'BAD_USER_INPUT');
    assert.deepEqual(noRequester.errors![0]!.extensions.fields, ['input.requester']);
    const otherProcess = await api.gql(
      CREATE_TICKET,
      { i: { ...input, process: 'customer-case', requester: { name: 'Pat', email: 'pat@example.org' } } },
      { token: writer },
    );
    failsWith(otherProcess, 'FORBIDDEN', 'NOT_IN_SCOPE');

    const created = await api.gql<{ createTicket: { number: string; state: string } }>(
      CREATE_TICKET,
      { i: { ...input, requester: { name: 'Pat Outside', email: 'pat@example.org' } } },
      { token: writer },
    );
    const number = created.data?.createTicket.number;
    assert.ok(number, JSON.stringify(created.errors));
    const row = await sys.db
      .selectFrom('tickets')
      .innerJoin('requesters', 'requesters.id', 'tickets.requester_id')
      .select(['requesters.email', 'tickets.created_by'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { email: 'pat@example.org', created_by: null });

    // Without readTickets, the writer may not read tickets, not even its own.
    failsWith(await api.gql(TICKET, { n: number }, { token: writer }), 'FORBIDDEN', 'NOT_IN_SCOPE');
    const reader = (await createKey({ name: 'reporting', processes: ['it-support'], signals: [], readTickets: true }))
      .data!.createApiKey.secret;
    const read = await api.gql<{ ticket: { title: string } }>(TICKET, { n: number }, { token: reader });
    assert.equal(read.data?.ticket.title, 'Printer');
    const caseReader = (await createKey({ name: 'crm', processes: ['customer-case'], signals: [], readTickets: true }))
      .data!.createApiKey.secret;
    const hidden = await api.gql<{ ticket: null }>(TICKET, { n: number }, { token: caseReader });
    assert.equal(hidden.data?.ticket, null, 'a ticket of another process does not exist for the key');
    failsWith(await api.gql(CREATE_TICKET, { i: input }, { token: reader }), 'FORBIDDEN', 'NOT_IN_SCOPE');
  });

  it('keeps people from naming a requester, and systems from person-only operations', async () => {
    const erin = await api.signIn('erin.employee@example.com');
    const asSomeoneElse = await api.gql(
      CREATE_TICKET,
      {
        i: {
          process: 'it-support',
          title: 'For a friend',
          fields: { category: 'hardware' },
          requester: { name: 'Friend', email: 'friend@example.org' },
        },
      },
      { token: erin },
    );
    failsWith(asSomeoneElse, 'BAD_USER_INPUT');
    assert.deepEqual(asSomeoneElse.errors![0]!.extensions.fields, ['input.requester']);
    const system = (await createKey({ name: 'bot', processes: ['it-support'], signals: [], readTickets: true })).data!
      .createApiKey.secret;
    failsWith(await api.gql('{ me { id } }', {}, { token: system }), 'FORBIDDEN', 'PEOPLE_ONLY');
    failsWith(await api.gql('{ tickets { totalCount } }', {}, { token: system }), 'FORBIDDEN', 'PEOPLE_ONLY');
    failsWith(await api.gql(LIST, {}, { token: system }), 'FORBIDDEN', 'PEOPLE_ONLY');
  });
});
