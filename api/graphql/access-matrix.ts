// Who may do what over GraphQL, as data: operation × who is asking → the answer. One row per operation
// of the schema, written from the rules (seeds: employees their own tickets, agents and coordinators
// their groups' tickets, agents claim, coordinators assign and set priority, admins everything), not
// from the code that enforces them (the resolvers, api/graphql/viewer.ts, api/tickets/ticket-access.ts
// and the ticket engine). test/integration/graphql-access.test.ts asks the running API every cell and
// fails on any difference; `npm run docs:tables` prints the table into docs/api.md.
//
// A subscription's cell opens the stream and waits for an event of a ticket the requester comments on:
// 'silent' means the stream stays open and carries nothing of that ticket. notificationAdded's cell
// records a notification for the caller instead.

/** The people who ask, by the demo people the test signs in as. */
export const people = ['anonymous', 'erin', 'eli', 'sam', 'erik', 'cora', 'ada'] as const;
export type PersonCaller = (typeof people)[number];

/** The API keys that ask: `mail` (it-support; may send `requester.replied`, create and read tickets) and
 * `crm` (customer-case only; no signals, neither creates nor reads). The matrix's tickets are it-support
 * tickets of erin's, so they are in mail's scope and out of crm's. */
export const systems = ['mail', 'crm'] as const;
export type SystemCaller = (typeof systems)[number];

/** Each caller as the table in docs/api.md heads its column, and what it stands for. */
export const callers: Record<PersonCaller | SystemCaller, { label: string; who: string }> = {
  anonymous: { label: 'anonymous', who: 'nobody signed in' },
  erin: { label: 'requester', who: "the ticket's requester, an employee" },
  eli: { label: 'employee', who: 'another employee' },
  sam: { label: 'agent', who: "an agent of the ticket's group" },
  erik: { label: 'agent elsewhere', who: 'an agent of another group' },
  cora: { label: 'coordinator', who: "a coordinator of the ticket's group" },
  ada: { label: 'admin', who: 'an admin' },
  mail: {
    label: 'key in scope',
    who: 'an API key whose scope covers the ticket: its process, the signal `requester.replied`, `createTickets` and `readTickets`',
  },
  crm: {
    label: 'key out of scope',
    who: 'an API key of another process, with no signals, without `createTickets` or `readTickets`',
  },
};

/** The answer a cell expects: data (`ok`), a null field (`null`: the ticket is not theirs to see), a
 * stream that carries nothing (`silent`), or the error's `extensions.code`. */
export type Answer = 'ok' | 'null' | 'silent' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

export interface AccessRow {
  /** anonymous, erin, eli, sam, erik, cora, ada: in the order of `people`. */
  people: readonly [Answer, Answer, Answer, Answer, Answer, Answer, Answer];
  /** mail, crm: in the order of `systems`. */
  keys: readonly [Answer, Answer];
  /** Why the row reads as it does, where the rule is not plain from the answers. */
  note?: string;
}

const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const N = 'NOT_FOUND';
const ok = 'ok';

// Each row: people (anonymous, erin, eli, sam, erik, cora, ada) and keys (mail, crm).
export const accessMatrix: Record<string, AccessRow> = {
  me: { people: [U, ok, ok, ok, ok, ok, ok], keys: [F, F] },
  ticket: { people: [U, ok, 'null', ok, 'null', ok, ok], keys: [ok, F] },
  tickets: { people: [U, ok, ok, ok, ok, ok, ok], keys: [F, F] },
  search: {
    people: [U, ok, ok, ok, ok, ok, ok],
    keys: [F, F],
    note: 'Everyone signed in searches the tickets they may see; API keys read tickets by number instead.',
  },
  createTicket: {
    people: [U, ok, ok, ok, ok, ok, ok],
    keys: [ok, F],
    note: 'A system names the requester it submits for; people always submit as themselves.',
  },
  moveTicket: { people: [U, F, N, ok, N, ok, ok], keys: [F, F] },
  assignTicket: { people: [U, F, N, F, N, ok, ok], keys: [F, F] },
  claimTicket: { people: [U, F, N, ok, N, ok, ok], keys: [F, F] },
  setTicketPriority: { people: [U, F, N, F, N, ok, ok], keys: [F, F] },
  ticketsByNumbers: {
    people: [U, ok, ok, ok, ok, ok, ok],
    keys: [F, F],
    note: 'Each person gets the tickets of the selection they may see (the others are left out).',
  },
  bulkUpdateTickets: {
    people: [U, F, F, ok, ok, ok, ok],
    keys: [F, F],
    note: 'Staff only; each ticket answers for itself in the result (a ticket one may not see is NOT_FOUND there).',
  },
  setTicketFields: {
    people: [U, F, N, ok, N, ok, ok],
    keys: [F, F],
    note: 'Staff of the ticket’s group and admins; the requester sees the ticket but may not set its fields.',
  },
  addComment: { people: [U, ok, N, ok, N, ok, ok], keys: [F, F] },
  ticketDrafts: {
    people: [U, ok, N, ok, N, ok, ok],
    keys: [F, F],
    note: 'Drafts are people’s own, of the tickets they may see: nobody reads another’s.',
  },
  saveDraft: { people: [U, ok, N, ok, N, ok, ok], keys: [F, F] },
  macros: {
    people: [U, F, F, ok, N, ok, ok],
    keys: [F, F],
    note: 'Canned replies and macros are staff’s: asked for a ticket, one the caller may see.',
  },
  fillReply: { people: [U, F, F, ok, N, ok, ok], keys: [F, F] },
  applyMacro: {
    people: [U, F, F, ok, N, ok, ok],
    keys: [F, F],
    note: 'Staff who see the ticket; each part of the macro is then the engine’s to allow, as if made alone.',
  },
  createMacro: {
    people: [U, F, F, F, F, ok, ok],
    keys: [F, F],
    note: 'Coordinators manage the canned replies and macros of their groups; admins any group’s and those for all.',
  },
  updateMacro: { people: [U, F, F, F, F, ok, ok], keys: [F, F] },
  deleteMacro: { people: [U, F, F, F, F, ok, ok], keys: [F, F] },
  attachFile: {
    people: [U, ok, N, ok, N, ok, ok],
    keys: [F, F],
    note: 'The requester and staff who see the ticket attach files; to anyone else it does not exist. No key scope covers files.',
  },
  register: {
    people: [ok, ok, ok, ok, ok, ok, ok],
    keys: [ok, ok],
    note: 'Public operations stay public; an API key does not sign anyone in or out.',
  },
  login: { people: [ok, ok, ok, ok, ok, ok, ok], keys: [ok, ok] },
  refreshToken: {
    people: [U, U, U, U, U, U, U],
    keys: [U, U],
    note: 'Without a refresh token (none in the body, no cookie), nobody renews a sign-in.',
  },
  logout: {
    people: [U, ok, ok, ok, ok, ok, ok],
    keys: [U, U],
    note: 'Ends the sign-in of the access token it is sent with.',
  },
  approveUser: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  rejectUser: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  processDefinitions: {
    people: [U, F, F, ok, ok, ok, ok],
    keys: [F, F],
    note: "Staff read published definitions (the board needs them); drafts and the editor's schema are admins'.",
  },
  processDefinition: { people: [U, F, F, ok, ok, ok, ok], keys: [F, F] },
  homeProcess: {
    people: [U, 'null', 'null', ok, ok, ok, 'null'],
    keys: [F, F],
    note: 'The board one lands on: a process of one’s group; null for employees and for the admin, who is in no group.',
  },
  processDefinitionSchema: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  processDraft: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  createProcessDraft: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  saveProcessDraft: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  validateProcessDefinition: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  publishProcessDefinition: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  retireProcess: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  restoreProcess: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  ticketForms: {
    people: [U, ok, ok, ok, ok, ok, ok],
    keys: [ok, F],
    note: 'Everyone signed in may submit tickets, so everyone sees the forms; a key that creates tickets sees those of its processes.',
  },
  users: {
    people: [U, F, F, F, F, ok, ok],
    keys: [F, F],
    note: 'Admins list everyone; a coordinator lists the members of their groups.',
  },
  groups: { people: [U, F, F, ok, ok, ok, ok], keys: [F, F] },
  auditLog: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  webhookDeliveries: {
    people: [U, F, F, F, F, F, ok],
    keys: [F, F],
    note: 'What vendors sent to the webhook endpoints.',
  },
  createUser: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  setUserRole: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  setUserStatus: {
    people: [U, F, F, F, F, F, ok],
    keys: [F, F],
    note: "Someone else's status: admins only (staff set only their own, to away or active).",
  },
  createGroup: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  addGroupMember: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  removeGroupMember: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  board: {
    people: [U, ok, ok, ok, ok, ok, ok],
    keys: [F, F],
    note: 'Everyone signed in has a board, of the tickets they may see.',
  },
  dashboard: {
    people: [U, F, F, ok, ok, ok, ok],
    keys: [F, F],
    note: 'For staff, over the tickets each may see.',
  },
  reports: {
    people: [U, F, F, ok, ok, ok, ok],
    keys: [F, F],
    note: 'For staff, over the tickets each may see.',
  },
  createApiKey: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  revokeApiKey: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  apiKeys: { people: [U, F, F, F, F, F, ok], keys: [F, F] },
  signalTicket: {
    people: [U, F, F, F, F, F, ok],
    keys: [ok, F],
    note: "Signals come from systems; of people, only admins send one. A key's signals are checked before the ticket is looked up: crm may send none, whatever the number.",
  },
  boardEvents: {
    people: [U, ok, 'silent', ok, 'silent', ok, ok],
    keys: [F, F],
    note: 'Anyone signed in may watch a board; it shows them only the tickets they may see. Live streams are for people.',
  },
  ticketEvents: { people: [U, ok, N, ok, N, ok, ok], keys: [F, F] },
  queue: {
    people: [U, F, F, ok, ok, ok, ok],
    keys: [F, F],
    note: 'The queue is staff’s, over the tickets each may see; employees have their own tickets’ list.',
  },
  views: { people: [U, F, F, ok, ok, ok, ok], keys: [F, F] },
  createView: {
    people: [U, F, F, ok, ok, ok, ok],
    keys: [F, F],
    note: 'Staff save views of their own (the cells: personal views).',
  },
  updateView: {
    people: [U, F, F, F, N, ok, ok],
    keys: [F, F],
    note: 'The cells: a view shared with the ticket’s group. Its members see it, its coordinators and admins change it; to others it does not exist.',
  },
  deleteView: { people: [U, F, F, F, N, ok, ok], keys: [F, F] },
  setDefaultView: {
    people: [U, F, F, ok, N, ok, ok],
    keys: [F, F],
    note: 'Any view one sees may be one’s default, a shared one too.',
  },
  queueCount: {
    people: [U, F, F, ok, ok, ok, ok],
    keys: [F, F],
    note: 'The queue’s count, live: staff only.',
  },
  reportTicketPresence: {
    people: [U, ok, N, ok, N, ok, ok],
    keys: [F, F],
    note: 'Whoever may see the ticket says they are on its page; presence is for people, not keys.',
  },
  ticketPresence: {
    people: [U, ok, N, ok, N, ok, ok],
    keys: [F, F],
    note: 'Whoever may see the ticket sees who else is on it; only staff who work it see who is typing.',
  },
  notifications: {
    people: [U, ok, ok, ok, ok, ok, ok],
    keys: [F, F],
    note: 'Everyone signed in has a notification centre and preferences of their own; a key has none.',
  },
  markNotificationsRead: { people: [U, ok, ok, ok, ok, ok, ok], keys: [F, F] },
  notificationPreferences: { people: [U, ok, ok, ok, ok, ok, ok], keys: [F, F] },
  setNotificationPreference: { people: [U, ok, ok, ok, ok, ok, ok], keys: [F, F] },
  notificationAdded: { people: [U, ok, ok, ok, ok, ok, ok], keys: [F, F] },
  webPushPublicKey: {
    people: [U, ok, ok, ok, ok, ok, ok],
    keys: [F, F],
    note: 'Anyone signed in may opt their browser in to Web Push, and out again (their own browsers only).',
  },
  saveWebPushSubscription: { people: [U, ok, ok, ok, ok, ok, ok], keys: [F, F] },
  removeWebPushSubscription: { people: [U, ok, ok, ok, ok, ok, ok], keys: [F, F] },
  renewWebPushSubscription: {
    people: [ok, ok, ok, ok, ok, ok, ok],
    keys: [ok, ok],
    note: "The service worker, with nobody signed in: the previous subscription's secret is the proof.",
  },
};
