// Who may do what over GraphQL: every cell of the authorization matrix (api/graphql/access-matrix.ts:
// operation × who is asking → the answer), asked of a running API as that caller; the matrix must have a
// row for every operation of the schema. A subscription's cell opens the stream (server-sent events), has
// erin comment on her ticket, and reads until an event of that ticket, an error, or silence: 'silent'
// means the stream stays open and carries nothing of the ticket. notificationAdded's cell records a
// notification for the caller instead. docs/api.md prints the same matrix (npm run docs:tables).
import assert from 'node:assert/strict';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { recordNotifications } from '../../activities/notifications/record.js';
import { createApiKey } from '../../api/auth/api-keys.js';
import {
  accessMatrix,
  people as who,
  systems,
  type Answer,
  type PersonCaller as Who,
  type SystemCaller as System,
} from '../../api/graphql/access-matrix.js';
import { register } from '../../api/people/accounts.js';
import { addMember } from '../../platform/people/groups.js';
import { createUser } from '../../platform/people/users.js';
import { publishDefinition, saveDraft } from '../../platform/processes/processes.js';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import { createMacroService } from '../../platform/macros/service.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { subscribe } from '../support/sse.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

/** The people of the matrix's columns, by the demo people they sign in as. */
const emails: Record<Exclude<Who, 'anonymous'>, string> = {
  erin: 'erin.employee@example.com',
  eli: 'eli.employee@example.com',
  sam: 'sam.agent@example.com',
  erik: 'erik.engineer@example.com',
  cora: 'cora.coordinator@example.com',
  ada: 'admin@example.com',
};

const matrix = Object.fromEntries(Object.entries(accessMatrix).map(([operation, row]) => [operation, row.people]));
const systemMatrix = Object.fromEntries(Object.entries(accessMatrix).map(([operation, row]) => [operation, row.keys]));

/** After the change is committed, an event that does not come within this long is not coming. */
const SILENCE_MS = 5_000;

describe('who may do what over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  const tokens = new Map<Who, string | undefined>();
  const ids = new Map<Who, string>();
  const keys = new Map<System, string>();

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    tokens.set('anonymous', undefined);
    for (const [name, email] of Object.entries(emails)) {
      tokens.set(name as Who, await api.signIn(email));
      ids.set(name as Who, (await sys.person(email)).userId);
    }
    keys.set('mail', (await createApiKey(sys.db, ids.get('ada')!, scope('it-support', true))).secret);
    keys.set('crm', (await createApiKey(sys.db, ids.get('ada')!, scope('customer-case', false))).secret);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });
  // The browsers the Web Push cells save point at no push service: forgotten at once, so that no later
  // notification waits on one (a push is retried for an hour, and a settled ticket waits for it).
  afterEach(async () => {
    await sys.db.deleteFrom('push_subscriptions').execute();
  });

  const scope = (process: string, may: boolean) => ({
    name: process,
    processes: [process],
    signals: process === 'it-support' ? ['requester.replied'] : [],
    createTickets: may,
    readTickets: may,
  });

  /** One of erin's tickets on which an agent waits for her answer. */
  async function waitingTicket(): Promise<string> {
    const number = await erinsTicket();
    const sam = await sys.person(emails.sam);
    await sys.tickets.move(number, sam, { transition: 'start' });
    await sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: 'Which?' } });
    return number;
  }

  /** A fresh ticket of erin's in the service desk's queue, waiting in `new`. */
  async function erinsTicket(): Promise<string> {
    const erin = await sys.person(emails.erin);
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Matrix', requester: { userId: erin.userId }, fields: { category: 'hardware' } },
      erin,
    );
    await sys.tickets.settle(ticket.number);
    return ticket.number;
  }

  /** A service-desk macro of it-support (admin-made): a greeting that starts work, which an agent may apply. */
  const serviceDeskMacro = async () =>
    (
      await createMacroService(sys.db).create(await sys.person(emails.ada), {
        kind: 'macro',
        name: `Start ${randomUUID()}`,
        group: 'service-desk',
        process: 'it-support',
        body: 'Hello {{requester.firstName}}, on it.',
        transition: 'start',
      })
    ).id;

  /** A published process of the matrix's own, to retire and restore. */
  const matrixProcess = () =>
    publishDefinition(
      sys.db,
      { ...(loadSampleProcess('it-support') as object), key: 'matrix-retire', ticketPrefix: 'MR' },
      'test',
    );

  const pending = async () =>
    (
      await register(sys.db, {
        email: `${randomUUID()}@example.com`,
        name: 'Pending',
        password: 'long enough password',
      })
    ).id;

  /** A new active agent, in a group when one is named. */
  const staffMember = async (group?: string) => {
    const user = await createUser(sys.db, { email: `${randomUUID()}@example.com`, name: 'Agent', role: 'AGENT' });
    if (group) await addMember(sys.db, group, user.email);
    return user.id;
  };

  /** A fresh view shared with the service desk (the matrix ticket's group), as its coordinator saved it. */
  const sharedView = async () =>
    (
      await sys.db
        .insertInto('saved_views')
        .values({
          name: `Shared ${randomUUID()}`,
          group_key: 'service-desk',
          filter: JSON.stringify({ open: true }),
          sort: 'SLA',
          columns: JSON.stringify(['number', 'title']),
          created_by: ids.get('cora')!,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  /** Each operation with what it needs: a document and variables made fresh for every cell; the files of
   * a multipart request by the variable each fills; the token to send when the caller's own would be
   * spent by it. */
  type Extras = { files?: Record<string, File>; token?: string };
  type Operation = [string, Record<string, unknown>, Extras?];
  const operations: Record<string, (caller: string) => Promise<Operation>> = {
    me: async () => ['{ me { id } }', {}],
    ticket: async () => ['query ($n: String!) { ticket(number: $n) { number } }', { n: await erinsTicket() }],
    tickets: async () => ['{ tickets { totalCount } }', {}],
    search: async () => ['{ search(query: "printer") { totalCount } }', {}],
    createTicket: async () => [
      'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
      { i: { process: 'it-support', title: 'New', fields: { category: 'software' } } },
    ],
    moveTicket: async () => [
      'mutation ($n: String!) { moveTicket(number: $n, toState: "in_progress") { state } }',
      { n: await erinsTicket() },
    ],
    assignTicket: async () => [
      'mutation ($n: String!, $u: ID) { assignTicket(number: $n, userId: $u) { number } }',
      { n: await erinsTicket(), u: (await sys.person('sara.agent@example.com')).userId },
    ],
    claimTicket: async () => [
      'mutation ($n: String!) { claimTicket(number: $n) { number } }',
      { n: await erinsTicket() },
    ],
    setTicketPriority: async () => [
      'mutation ($n: String!) { setTicketPriority(number: $n, priority: urgent) { priority } }',
      { n: await erinsTicket() },
    ],
    ticketsByNumbers: async () => [
      'query ($n: String!) { ticketsByNumbers(numbers: [$n]) { number } }',
      { n: await erinsTicket() },
    ],
    bulkUpdateTickets: async () => [
      'mutation ($n: String!, $b: String!) { bulkUpdateTickets(input: { bulkId: $b, numbers: [$n], action: { priority: high } }) { applied results { outcome } } }',
      { n: await erinsTicket(), b: randomUUID() },
    ],
    setTicketFields: async () => [
      'mutation ($n: String!) { setTicketFields(number: $n, fields: { category: "software" }) { number } }',
      { n: await erinsTicket() },
    ],
    addComment: async () => [
      'mutation ($n: String!) { addComment(number: $n, body: "Any news?") { number } }',
      { n: await erinsTicket() },
    ],
    ticketDrafts: async () => ['query ($n: String!) { ticketDrafts(number: $n) { slot } }', { n: await erinsTicket() }],
    saveDraft: async () => [
      'mutation ($n: String!) { saveDraft(number: $n, slot: "reply", value: "Half a thought") { slot } }',
      { n: await erinsTicket() },
    ],
    macros: async () => ['query ($n: String) { macros(ticket: $n) { id } }', { n: await erinsTicket() }],
    fillReply: async () => [
      'query ($n: String!, $m: ID!) { fillReply(number: $n, macro: $m) }',
      { n: await erinsTicket(), m: await serviceDeskMacro() },
    ],
    applyMacro: async () => [
      'mutation ($n: String!, $m: ID!) { applyMacro(number: $n, macro: $m) { state } }',
      { n: await erinsTicket(), m: await serviceDeskMacro() },
    ],
    createMacro: async () => [
      'mutation ($i: MacroInput!) { createMacro(input: $i) { id } }',
      { i: { kind: 'reply', name: `Thanks ${randomUUID()}`, group: 'service-desk', body: 'Thanks!' } },
    ],
    updateMacro: async () => [
      'mutation ($m: ID!, $i: MacroInput!) { updateMacro(id: $m, input: $i) { id } }',
      {
        m: await serviceDeskMacro(),
        i: { kind: 'reply', name: `Thanks ${randomUUID()}`, group: 'service-desk', body: 'Thanks!' },
      },
    ],
    deleteMacro: async () => ['mutation ($m: ID!) { deleteMacro(id: $m) }', { m: await serviceDeskMacro() }],
    reportTicketPresence: async () => [
      'mutation ($n: String!) { reportTicketPresence(number: $n, typing: false) }',
      { n: await erinsTicket() },
    ],
    attachFile: async () => [
      'mutation ($n: String!, $f: File!) { attachFile(number: $n, file: $f) { attachment { id } } }',
      { n: await erinsTicket(), f: null },
      { files: { 'variables.f': new File(['a screenshot'], 'screen.png', { type: 'image/png' }) } },
    ],
    register: async () => [
      'mutation ($i: RegisterInput!) { register(input: $i) { id } }',
      { i: { email: `${randomUUID()}@example.com`, name: 'Someone', password: 'long enough password' } },
    ],
    login: async () => [
      'mutation { login(email: "eli.employee@example.com", password: "ticketflow-demo") { accessToken } }',
      {},
    ],
    refreshToken: async () => ['mutation { refreshToken { accessToken } }', {}],
    // A sign-in of the caller's own: logout ends it.
    logout: async (caller) => {
      const email = emails[caller as keyof typeof emails];
      return ['mutation { logout }', {}, email ? { token: await api.signIn(email) } : {}];
    },
    retireProcess: async () => {
      await matrixProcess();
      return ['mutation { retireProcess(key: "matrix-retire") { retiredAt } }', {}];
    },
    restoreProcess: async () => {
      await matrixProcess();
      return ['mutation { restoreProcess(key: "matrix-retire") { key } }', {}];
    },
    ticketForms: async () => ['{ ticketForms { process fields { key } } }', {}],
    approveUser: async () => ['mutation ($u: ID!) { approveUser(userId: $u) { id } }', { u: await pending() }],
    rejectUser: async () => ['mutation ($u: ID!) { rejectUser(userId: $u) { id } }', { u: await pending() }],
    processDefinitions: async () => ['{ processDefinitions { key } }', {}],
    homeProcess: async () => ['{ homeProcess }', {}],
    processDefinition: async () => ['{ processDefinition(key: "it-support") { version } }', {}],
    processDefinitionSchema: async () => ['{ processDefinitionSchema }', {}],
    processDraft: async () => {
      await saveDraft(sys.db, { key: 'matrix-draft', name: 'Unfinished' }, 'test');
      return ['{ processDraft(key: "matrix-draft") { key } }', {}];
    },
    // Each caller's row starts a process of its own (a second one with the key would be a CONFLICT).
    createProcessDraft: async () => [
      'mutation ($k: String!) { createProcessDraft(key: $k, name: "New") { key } }',
      { k: `matrix-new-${randomUUID().slice(0, 8)}` },
    ],
    saveProcessDraft: async () => [
      'mutation ($d: JSON!) { saveProcessDraft(definition: $d) { key } }',
      { d: { key: 'matrix-draft', name: 'Unfinished' } },
    ],
    validateProcessDefinition: async () => [
      'mutation ($d: JSON!) { validateProcessDefinition(definition: $d) { ok } }',
      { d: { key: 'matrix-draft' } },
    ],
    publishProcessDefinition: async () => {
      const definition = { ...(loadSampleProcess('it-support') as object), key: 'matrix-publish', ticketPrefix: 'MP' };
      await saveDraft(sys.db, definition, 'test');
      return ['mutation { publishProcessDefinition(key: "matrix-publish") { version } }', {}];
    },
    users: async () => ['{ users { id } }', {}],
    groups: async () => ['{ groups { key } }', {}],
    auditLog: async () => ['{ auditLog { nodes { id } } }', {}],
    webhookDeliveries: async () => ['{ webhookDeliveries { id outcome } }', {}],
    createUser: async () => [
      'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email: `${randomUUID()}@example.com`, name: 'New', role: 'AGENT' } },
    ],
    setUserRole: async () => [
      'mutation ($u: ID!) { setUserRole(userId: $u, role: "COORDINATOR") { id } }',
      { u: await staffMember() },
    ],
    setUserStatus: async () => [
      'mutation ($u: ID!) { setUserStatus(userId: $u, status: "away") { id } }',
      { u: await staffMember() },
    ],
    createGroup: async () => [
      'mutation ($k: String!) { createGroup(key: $k, name: "Matrix") { key } }',
      { k: `matrix-${randomUUID()}` },
    ],
    addGroupMember: async () => [
      'mutation ($u: ID!) { addGroupMember(group: "support-tier2", userId: $u) { key } }',
      { u: await staffMember() },
    ],
    removeGroupMember: async () => [
      'mutation ($u: ID!) { removeGroupMember(group: "support-tier2", userId: $u) { key } }',
      { u: await staffMember('support-tier2') },
    ],
    board: async () => ['{ board(processKey: "it-support") { columns { count } } }', {}],
    queue: async () => ['{ queue(sort: SLA) { totalCount nodes { number } } }', {}],
    views: async () => ['{ views { id } }', {}],
    createView: async () => [
      'mutation ($i: QueueViewInput!) { createView(input: $i) { id } }',
      { i: { name: `Matrix ${randomUUID()}`, filter: { open: true } } },
    ],
    updateView: async () => [
      'mutation ($id: ID!) { updateView(id: $id, input: { sort: PRIORITY }) { id } }',
      { id: await sharedView() },
    ],
    deleteView: async () => ['mutation ($id: ID!) { deleteView(id: $id) }', { id: await sharedView() }],
    setDefaultView: async () => ['mutation ($id: ID!) { setDefaultView(id: $id) { id } }', { id: await sharedView() }],
    dashboard: async () => ['{ dashboard { openByState { count } loadPerPerson { user { id } open } } }', {}],
    reports: async () => ['{ reports(from: "2026-01-01", to: "2026-01-31") { firstResponse { created } } }', {}],
    createApiKey: async () => [
      'mutation { createApiKey(input: { name: "matrix", processes: ["it-support"], signals: [] }) { secret } }',
      {},
    ],
    revokeApiKey: async () => [
      'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: (await createApiKey(sys.db, ids.get('ada')!, scope('it-support', false))).key.id },
    ],
    apiKeys: async () => ['{ apiKeys { id } }', {}],
    notifications: async () => ['{ notifications { unreadCount nodes { id } } }', {}],
    markNotificationsRead: async () => ['mutation { markNotificationsRead(all: true) }', {}],
    notificationPreferences: async () => ['{ notificationPreferences { event channel enabled } }', {}],
    setNotificationPreference: async () => [
      'mutation { setNotificationPreference(event: sla_at_risk, channel: in_app, enabled: true) { enabled } }',
      {},
    ],
    webPushPublicKey: async () => ['{ webPushPublicKey }', {}],
    saveWebPushSubscription: async () => {
      const browser = createECDH('prime256v1');
      const keys = {
        p256dh: browser.generateKeys().toString('base64url'),
        auth: randomBytes(16).toString('base64url'),
      };
      return [
        'mutation ($s: WebPushSubscriptionInput!) { saveWebPushSubscription(subscription: $s) { endpoint } }',
        { s: { endpoint: `https://push.example.com/${randomUUID()}`, keys } },
      ];
    },
    // One of the caller's own browsers (erin's for those who are nobody).
    removeWebPushSubscription: async (caller) => {
      const endpoint = `https://push.example.com/${randomUUID()}`;
      await sys.db
        .insertInto('push_subscriptions')
        .values({ user_id: ids.get(caller as Who) ?? ids.get('erin')!, endpoint, p256dh: 'p', auth: 'a' })
        .execute();
      return ['mutation ($e: String!) { removeWebPushSubscription(endpoint: $e) }', { e: endpoint }];
    },
    // A browser of erin's whose push service replaced its subscription.
    renewWebPushSubscription: async () => {
      const endpoint = `https://push.example.com/${randomUUID()}`;
      const auth = randomBytes(16).toString('base64url');
      await sys.db
        .insertInto('push_subscriptions')
        .values({ user_id: ids.get('erin')!, endpoint, p256dh: 'p', auth })
        .execute();
      const keys = {
        p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
        auth: randomBytes(16).toString('base64url'),
      };
      return [
        `mutation ($p: WebPushPreviousSubscriptionInput!, $s: WebPushSubscriptionInput!) {
          renewWebPushSubscription(previous: $p, subscription: $s) { endpoint }
        }`,
        { p: { endpoint, auth }, s: { endpoint: `https://push.example.com/${randomUUID()}`, keys } },
      ];
    },
    signalTicket: async () => [
      `mutation ($n: String!, $k: String!) {
        signalTicket(number: $n, signal: "requester.replied", payload: { message: "Yes" }, idempotencyKey: $k) { duplicate }
      }`,
      { n: await waitingTicket(), k: randomUUID() },
    ],
  };
  /** Systems name the requester they submit for. */
  const systemOperations: typeof operations = {
    ...operations,
    createTicket: async () => [
      'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
      {
        i: {
          process: 'it-support',
          title: 'New',
          fields: { category: 'software' },
          requester: { name: 'Pat', email: 'pat@example.org' },
        },
      },
    ],
  };

  /** Each subscription: its document, and the change whose event its stream should carry for `caller`. */
  type Watch = {
    query: string;
    variables: Record<string, unknown>;
    change(): Promise<void>;
    ours(data: unknown): boolean;
  };
  const subscriptions: Record<string, (caller: string) => Promise<Watch>> = {
    boardEvents: async () =>
      erinComments(
        await erinsTicket(),
        'subscription { boardEvents(processKey: "it-support") { ticket { number } } }',
        {},
      ),
    ticketEvents: async () => {
      const n = await erinsTicket();
      return erinComments(n, 'subscription ($n: String!) { ticketEvents(number: $n) { ticket { number } } }', { n });
    },
    // The count comes at once, when the stream opens.
    queueCount: async () => ({
      query: 'subscription { queueCount(filter: { open: true }) }',
      variables: {},
      change: async () => {},
      ours: (data) => typeof (data as { queueCount: unknown }).queueCount === 'number',
    }),
    // The list of the others on the ticket comes at once, when the stream opens.
    ticketPresence: async () => ({
      query: 'subscription ($n: String!) { ticketPresence(number: $n) { typing } }',
      variables: { n: await erinsTicket() },
      change: async () => {},
      ours: (data) => Array.isArray((data as { ticketPresence: unknown }).ticketPresence),
    }),
    // A notification for the caller (for anyone without an account: for erin) in their notification centre.
    notificationAdded: async (caller) => {
      const number = await erinsTicket();
      return {
        query: 'subscription { notificationAdded { ticketNumber } }',
        variables: {},
        change: () => notifyInApp(number, ids.get(caller as Who) ?? ids.get('erin')!),
        ours: (data) =>
          (data as { notificationAdded: { ticketNumber: string } }).notificationAdded.ticketNumber === number,
      };
    },
  };

  /** Erin's public comment on her ticket, as a stream of ticket events shows it. */
  const erinComments = (number: string, query: string, variables: Record<string, unknown>): Watch => ({
    query,
    variables,
    change: async () => {
      const erin = await sys.person(emails.erin);
      await sys.tickets.comment(number, erin, { body: 'Watching?', visibility: 'public' });
    },
    ours: (data) => Object.values(data as Record<string, { ticket: { number: string } }>)[0]!.ticket.number === number,
  });

  /** A push notification about the ticket for one person, as a notify action records it. */
  async function notifyInApp(number: string, userId: string) {
    const ticket = await sys.tickets.get(number);
    await recordNotifications(
      sys.db,
      {
        ticketId: ticket.id,
        number,
        effectId: randomUUID(),
        eventSeq: ticket.seq,
        event: 'moved',
        template: 'ticket_in_progress',
        to: ['assignee'],
        channels: ['push'],
        people: { requester: { id: ticket.requester_id, userId: null }, assignee: userId, group: ticket.group_key },
        stateLabel: 'In progress',
      },
      { mailConfigured: false, publicUrl: 'http://ticketflow.test', messageIdDomain: 'ticketflow.test' },
    );
  }

  /** Opens the stream, makes the change, reads until the event of the change, an error, or silence. */
  async function subscriptionAnswer(
    operation: string,
    token: string | undefined,
    caller: string,
  ): Promise<[Answer, string]> {
    const watch = await subscriptions[operation]!(caller);
    const stream = await subscribe(api.url, watch.query, watch.variables, token);
    try {
      await watch.change();
      const silentAfter = Date.now() + SILENCE_MS;
      for (;;) {
        const message = await stream.next(Math.max(silentAfter - Date.now(), 1));
        if (message.kind !== 'next') return ['silent', message.kind];
        const { data, errors } = message.result;
        if (errors?.length) return [errors[0]!.extensions.code as Answer, JSON.stringify(errors)];
        if (watch.ours(data)) return ['ok', JSON.stringify(data)];
      }
    } finally {
      stream.close();
    }
  }

  it('has a row for every operation of the schema', async () => {
    type Fields = { fields: { name: string }[] };
    const result = await api.gql<{
      __schema: { queryType: Fields; mutationType: Fields; subscriptionType: Fields };
    }>(
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }',
      {},
      { token: tokens.get('ada') },
    );
    const schema = result.data!.__schema;
    const names = [...schema.queryType.fields, ...schema.mutationType.fields, ...schema.subscriptionType.fields]
      .map((f) => f.name)
      .sort();
    assert.deepEqual(Object.keys(matrix).sort(), names, 'the matrix and the schema name the same operations');
    assert.deepEqual(Object.keys(systemMatrix).sort(), names, 'the systems matrix names them too');
  });

  async function answer(operation: string, ops: typeof operations, token: string | undefined, caller: string) {
    const [query, variables, extras = {}] = await ops[operation]!(caller);
    const sent = { token: extras.token ?? token };
    const result = extras.files
      ? await api.upload(query, variables, extras.files, sent)
      : await api.gql(query, variables, sent);
    const field = (result.data as Record<string, unknown> | null | undefined)?.[operation];
    const got: Answer = result.errors?.length
      ? (result.errors[0]!.extensions.code as Answer)
      : field === null
        ? 'null'
        : 'ok';
    return [got, `${operation} as ${caller}: ${JSON.stringify(result.errors ?? result.data)}`] as const;
  }

  for (const [operation, answers] of Object.entries(matrix)) {
    it(operation, { timeout: 120_000 }, async () => {
      if (subscriptions[operation]) {
        // Each cell watches a ticket of its own, so the cells wait out their silence side by side.
        const cells = await Promise.all(who.map((caller) => subscriptionAnswer(operation, tokens.get(caller), caller)));
        for (const [i, [got, seen]] of cells.entries())
          assert.equal(got, answers[i], `${operation} as ${who[i]}: ${seen}`);
        return;
      }
      for (const [i, caller] of who.entries()) {
        const [got, message] = await answer(operation, operations, tokens.get(caller), caller);
        assert.equal(got, answers[i], message);
      }
    });
  }

  for (const [operation, answers] of Object.entries(systemMatrix)) {
    it(`${operation} (API keys)`, { timeout: 120_000 }, async () => {
      if (subscriptions[operation]) {
        const cells = await Promise.all(
          systems.map((system) => subscriptionAnswer(operation, keys.get(system), system)),
        );
        for (const [i, [got, seen]] of cells.entries())
          assert.equal(got, answers[i], `${operation} as the ${systems[i]} key: ${seen}`);
        return;
      }
      for (const [i, system] of systems.entries()) {
        const [got, message] = await answer(operation, systemOperations, keys.get(system), `${system} key`);
        assert.equal(got, answers[i], message);
      }
    });
  }
});
