// The largest page of every field that takes a `first` argument, by `Type.field`: what the field's
// input validation allows, and what the query cost limit (cost.ts) assumes of it, from one table so
// that the two cannot disagree. A field with `first` missing here stops the API at start-up.

/** A page of tickets: a list's, a board column's (both read by platform/tickets/queries.ts). */
const TICKETS = 200;

export const PAGE_LIMITS = {
  'Query.tickets': TICKETS,
  /** The queue (platform/queue/queue-query.ts): a page of tickets like any list's. */
  'Query.queue': TICKETS,
  /** Cards per column: the board's `first` is the default of BoardColumn.cards. */
  'Query.board': TICKETS,
  'BoardColumn.cards': TICKETS,
  'Query.notifications': 100,
  'Query.auditLog': 200,
  'Query.webhookDeliveries': 500,
  /** Search hits: each carries a snippet, the dearest part of a page (platform/search/ticket-search.ts). */
  'Query.search': 50,
} as const satisfies Record<string, number>;

/** Fields whose `first` is not a page of their own but the default of nested pages (Query.board's cards). */
export const PAGE_DEFAULTS_FOR: Readonly<Record<string, string>> = { 'Query.board': 'BoardColumn.cards' };
