// Who may do what over GraphQL, as a literal table: operation × who is asking → the answer. The table
// is written from the rules (seeds: employees their own tickets, agents and coordinators their groups'
// tickets, agents claim, coordinators assign and set priority, admins everything), not from the code;
// every operation of the schema must have its row. A subscription's cell opens the stream (server-sent
// events), has erin comment on her ticket, and reads until an event of that ticket, an error, or
// silence: 'silent' means the stream stays open and carries nothing of the ticket. notificationAdded's
// cell records a notification for the caller instead.
import assert from 'node:assert/strict';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { recordNotifications } from '../../activities/notifications/record.js';
import { createApiKey } from '../../api/auth/api-keys.js';
import { register } from '../../api/people/accounts.js';
import { addMember } from '../../platform/people/groups.js';
import { createUser } from '../../platform/people/users.js';
import { publishDefinition, saveDraft } from '../../platform/processes/processes.js';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { subscribe } from '../support/sse.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

/** anonymous; erin (the requester); eli (another employee); sam (agent of the ticket's group); erik
 * (agent of another group); cora (coordinator of the ticket's group); ada (admin). */
const who = ['anonymous', 'erin', 'eli', 'sam', 'erik', 'cora', 'ada'] as const;
type Who = (typeof who)[number];
type Answer = 'ok' | 'null' | 'silent' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

const emails: Record<Exclude<Who, 'anonymous'>, string> = {
  erin: 'erin.employee@example.com',
  eli: 'eli.employee@example.com',
  sam: 'sam.agent@example.com',
  erik: 'erik.engineer@example.com',
  cora: 'cora.coordinator@example.com',
  ada: 'admin@example.com',
};

const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const N = 'NOT_FOUND';
//                          anonymous  erin    eli     sam     erik    cora    ada
const matrix: Record<string, Answer[]> = {
  me: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  ticket: [U, 'ok', 'null', 'ok', 'null', 'ok', 'ok'],
  tickets: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  createTicket: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  moveTicket: [U, F, N, 'ok', N, 'ok', 'ok'],
  assignTicket: [U, F, N, F, N, 'ok', 'ok'],
  claimTicket: [U, F, N, 'ok', N, 'ok', 'ok'],
  setTicketPriority: [U, F, N, F, N, 'ok', 'ok'],
  addComment: [U, 'ok', N, 'ok', N, 'ok', 'ok'],
  // The requester and staff who see the ticket attach files; to anyone else it does not exist.
  attachFile: [U, 'ok', N, 'ok', N, 'ok', 'ok'],
  register: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  login: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  // Without a refresh token (none in the body, no cookie), nobody renews a sign-in; logout ends the
  // sign-in of the access token (each caller's row uses a sign-in of its own).
  refreshToken: [U, U, U, U, U, U, U],
  logout: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  approveUser: [U, F, F, F, F, F, 'ok'],
  rejectUser: [U, F, F, F, F, F, 'ok'],
  // Staff read published definitions (the board needs them); drafts and the editor's schema are admins'.
  processDefinitions: [U, F, F, 'ok', 'ok', 'ok', 'ok'],
  processDefinition: [U, F, F, 'ok', 'ok', 'ok', 'ok'],
  processDefinitionSchema: [U, F, F, F, F, F, 'ok'],
  processDraft: [U, F, F, F, F, F, 'ok'],
  createProcessDraft: [U, F, F, F, F, F, 'ok'],
  saveProcessDraft: [U, F, F, F, F, F, 'ok'],
  validateProcessDefinition: [U, F, F, F, F, F, 'ok'],
  publishProcessDefinition: [U, F, F, F, F, F, 'ok'],
  retireProcess: [U, F, F, F, F, F, 'ok'],
  restoreProcess: [U, F, F, F, F, F, 'ok'],
  // Everyone signed in may submit tickets, so everyone sees the forms.
  ticketForms: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  // Admins list everyone; a coordinator lists the members of their groups; staff see the groups.
  users: [U, F, F, F, F, 'ok', 'ok'],
  groups: [U, F, F, 'ok', 'ok', 'ok', 'ok'],
  auditLog: [U, F, F, F, F, F, 'ok'],
  // What vendors sent to the webhook endpoints: admins'.
  webhookDeliveries: [U, F, F, F, F, F, 'ok'],
  createUser: [U, F, F, F, F, F, 'ok'],
  setUserRole: [U, F, F, F, F, F, 'ok'],
  // Someone else's status: admins only (staff set only their own to away or active).
  setUserStatus: [U, F, F, F, F, F, 'ok'],
  createGroup: [U, F, F, F, F, F, 'ok'],
  addGroupMember: [U, F, F, F, F, F, 'ok'],
  removeGroupMember: [U, F, F, F, F, F, 'ok'],
  // Everyone signed in has a board: of the tickets they may see.
  board: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  // The dashboard is for staff, over the tickets each may see.
  dashboard: [U, F, F, 'ok', 'ok', 'ok', 'ok'],
  createApiKey: [U, F, F, F, F, F, 'ok'],
  revokeApiKey: [U, F, F, F, F, F, 'ok'],
  apiKeys: [U, F, F, F, F, F, 'ok'],
  // Signals come from systems; of people, only admins may send one.
  signalTicket: [U, F, F, F, F, F, 'ok'],
  // Anyone signed in may watch a board; it shows them only the tickets they may see.
  boardEvents: [U, 'ok', 'silent', 'ok', 'silent', 'ok', 'ok'],
  ticketEvents: [U, 'ok', N, 'ok', N, 'ok', 'ok'],
  // Everyone signed in has a notification centre and preferences of their own.
  notifications: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  markNotificationsRead: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  notificationPreferences: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  setNotificationPreference: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  notificationAdded: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  // Anyone signed in may opt their browser in to Web Push, and out again (their own browsers only).
  webPushPublicKey: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  saveWebPushSubscription: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  removeWebPushSubscription: [U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  // The service worker, with nobody signed in: the previous subscription's secret is the proof.
  renewWebPushSubscription: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
};

/** External systems: mail (it-support; signal requester.replied; creates and reads tickets) and crm
 * (customer-case only; neither creates nor reads). Erin's tickets are it-support tickets. */
const systems = ['mail', 'crm'] as const;
type System = (typeof systems)[number];
//                                 mail    crm
const systemMatrix: Record<string, Answer[]> = {
  me: [F, F],
  ticket: ['ok', F],
  tickets: [F, F],
  createTicket: ['ok', F],
  moveTicket: [F, F],
  assignTicket: [F, F],
  claimTicket: [F, F],
  setTicketPriority: [F, F],
  addComment: [F, F],
  // No key scope covers files.
  attachFile: [F, F],
  // Public operations stay public; an API key does not sign anyone in or out.
  register: ['ok', 'ok'],
  login: ['ok', 'ok'],
  refreshToken: [U, U],
  logout: [U, U],
  approveUser: [F, F],
  rejectUser: [F, F],
  createApiKey: [F, F],
  revokeApiKey: [F, F],
  apiKeys: [F, F],
  // The key's signals are checked before the ticket is looked up: crm may send none, whatever the number.
  signalTicket: ['ok', F],
  // Definitions, people, groups, the audit log and boards are for people.
  processDefinitions: [F, F],
  processDefinition: [F, F],
  processDefinitionSchema: [F, F],
  processDraft: [F, F],
  createProcessDraft: [F, F],
  saveProcessDraft: [F, F],
  validateProcessDefinition: [F, F],
  publishProcessDefinition: [F, F],
  retireProcess: [F, F],
  restoreProcess: [F, F],
  // A key that creates tickets sees the forms of its processes.
  ticketForms: ['ok', F],
  users: [F, F],
  groups: [F, F],
  auditLog: [F, F],
  webhookDeliveries: [F, F],
  createUser: [F, F],
  setUserRole: [F, F],
  setUserStatus: [F, F],
  createGroup: [F, F],
  addGroupMember: [F, F],
  removeGroupMember: [F, F],
  board: [F, F],
  dashboard: [F, F],
  // Live streams are for people too.
  boardEvents: [F, F],
  ticketEvents: [F, F],
  // A notification centre is a person's.
  notifications: [F, F],
  markNotificationsRead: [F, F],
  notificationPreferences: [F, F],
  setNotificationPreference: [F, F],
  notificationAdded: [F, F],
  webPushPublicKey: [F, F],
  saveWebPushSubscription: [F, F],
  removeWebPushSubscription: [F, F],
  renewWebPushSubscription: ['ok', 'ok'],
};

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

  /** Each operation with what it needs: a document and variables made fresh for every cell; the files of
   * a multipart request by the variable each fills; the token to send when the caller's own would be
   * spent by it. */
  type Extras = { files?: Record<string, File>; token?: string };
  type Operation = [string, Record<string, unknown>, Extras?];
  const operations: Record<string, (caller: string) => Promise<Operation>> = {
    me: async () => ['{ me { id } }', {}],
    ticket: async () => ['query ($n: String!) { ticket(number: $n) { number } }', { n: await erinsTicket() }],
    tickets: async () => ['{ tickets { totalCount } }', {}],
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
    addComment: async () => [
      'mutation ($n: String!) { addComment(number: $n, body: "Any news?") { number } }',
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
    dashboard: async () => ['{ dashboard { openByState { count } loadPerPerson { user { id } open } } }', {}],
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
