// Reading tickets as a person may see them: everyone what they asked for, agents and coordinators also
// their groups' tickets and those assigned to them, admins all. A ticket one may not see does not exist for them.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { invalidInput, parseInput } from '../validate.js';
import { priorities } from '../../workflows/process/vocabulary.js';
import type { Person } from '../../workflows/ticket/model.js';
import { acceptedAttachments } from './attachments.js';
import { PAGE_LIMITS } from '../page-limits.js';
import { textMatches } from '../search/text-match.js';
import { firstResponseFilters, firstResponseStates } from './first-response.js';

type TicketsQuery = SelectQueryBuilder<Database, 'tickets', object>;

/** The tickets the person may see, as a condition on `tickets`: what they asked for, and for staff
 * what their groups work and what is assigned to them. */
export function visibleTo(person: Person) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    if (person.role === 'ADMIN') return eb.lit(true);
    const asked = eb(
      'tickets.requester_id',
      'in',
      eb.selectFrom('requesters').select('requesters.id').where('requesters.user_id', '=', person.userId),
    );
    if (person.role === 'EMPLOYEE') return asked;
    return eb.or([
      asked,
      eb('tickets.assignee_id', '=', person.userId),
      eb('tickets.group_key', 'in', groupKeysOf(eb, person.userId)),
    ]);
  };
}

/** The keys of the groups the person works in, as a subquery. */
export const groupKeysOf = (eb: ExpressionBuilder<Database, 'tickets'>, userId: string) =>
  eb
    .selectFrom('groups')
    .innerJoin('group_members', 'group_members.group_id', 'groups.id')
    .select('groups.key')
    .where('group_members.user_id', '=', userId);

/** The ticket's row if the person may see it; NOT_FOUND otherwise, as if it did not exist. */
export async function findVisibleTicket(db: Db, person: Person, number: string) {
  const found = await db
    .selectFrom('tickets')
    .selectAll()
    .where('number', '=', number)
    .where(visibleTo(person))
    .executeTakeFirst();
  if (!found) throw notFound('Ticket', number);
  return found;
}

/** An accepted attachment of a ticket the person may see; NOT_FOUND otherwise, a malformed id included. */
export async function findVisibleAttachment(db: Db, person: Person, id: string) {
  const found = z.uuid().safeParse(id).success
    ? await acceptedAttachments(db)
        .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
        .selectAll('attachments')
        .where('attachments.id', '=', id)
        .where(visibleTo(person))
        .executeTakeFirst()
    : undefined;
  if (!found) throw notFound('Attachment', id);
  return found;
}

/** An instant: a Date from the GraphQL DateTime scalar, or ISO 8601 text as a saved view stores it. */
const instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((text) => new Date(text))]);

export const ticketFilter = z
  .object({
    process: z.string().max(100),
    state: z.string().max(100),
    /** new, active, waiting or done: the state's category. */
    category: z.enum(['new', 'active', 'waiting', 'done']),
    group: z.string().max(100),
    assignee: z.uuid(),
    /** Tickets nobody works (true), or only those somebody does (false). */
    unassigned: z.boolean(),
    /** Tickets assigned to the reader (true), or to anyone else or nobody (false). */
    mine: z.boolean(),
    requester: z.uuid(),
    priority: z.enum(priorities),
    sla: z.enum(['AT_RISK', 'BREACHED', 'MET']),
    open: z.boolean(),
    doneSince: instant,
    /** Created at or after this instant; createdBefore: before it (exclusive). */
    createdAfter: instant,
    createdBefore: instant,
    /** Done at or after this instant (doneSince's other name); doneBefore: before it (exclusive). */
    doneAfter: instant,
    doneBefore: instant,
    /** Words in the ticket's text (full text: title, description, comments). */
    text: z.string().trim().min(1).max(200),
    /** Answered in public by staff who work the ticket, or not yet: the reports' first response rule. */
    firstResponse: z.enum(firstResponseStates),
  })
  .partial();
export type TicketFilter = z.output<typeof ticketFilter>;

/** Every condition of the filter as one condition on `tickets` (none: true). `reader`: whom `mine` means
 * and whose text `text` searches (internal notes for those who work the ticket); without one, public text only. */
export function matchesFilter(filter: TicketFilter, reader?: Person) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    const all = [];
    if (filter.process) all.push(eb('tickets.process_key', '=', filter.process));
    if (filter.state) all.push(eb('tickets.state', '=', filter.state));
    if (filter.category) all.push(eb('tickets.category', '=', filter.category));
    if (filter.group) all.push(eb('tickets.group_key', '=', filter.group));
    if (filter.assignee) all.push(eb('tickets.assignee_id', '=', filter.assignee));
    if (filter.unassigned !== undefined) all.push(eb('tickets.assignee_id', filter.unassigned ? 'is' : 'is not', null));
    if (filter.mine !== undefined) {
      // Nobody is signed in as no one: without a reader, `mine` matches nothing rather than everything.
      const me = reader?.userId ?? '00000000-0000-0000-0000-000000000000';
      all.push(
        filter.mine
          ? eb('tickets.assignee_id', '=', me)
          : eb.or([eb('tickets.assignee_id', 'is', null), eb('tickets.assignee_id', '<>', me)]),
      );
    }
    if (filter.priority) all.push(eb('tickets.priority', '=', filter.priority));
    if (filter.open !== undefined) all.push(eb('tickets.done_at', filter.open ? 'is' : 'is not', null));
    if (filter.doneSince) all.push(eb('tickets.done_at', '>=', filter.doneSince));
    if (filter.doneAfter) all.push(eb('tickets.done_at', '>=', filter.doneAfter));
    if (filter.doneBefore) all.push(eb('tickets.done_at', '<', filter.doneBefore));
    if (filter.createdAfter) all.push(eb('tickets.created_at', '>=', filter.createdAfter));
    if (filter.createdBefore) all.push(eb('tickets.created_at', '<', filter.createdBefore));
    if (filter.requester)
      all.push(
        eb(
          'tickets.requester_id',
          'in',
          eb.selectFrom('requesters').select('requesters.id').where('requesters.user_id', '=', filter.requester),
        ),
      );
    // Full text, as search finds it (platform/search/text-match.ts).
    if (filter.text) all.push(textMatches(reader, filter.text)(eb));
    if (filter.sla) all.push(slaFilters[filter.sla]);
    if (filter.firstResponse) all.push(firstResponseFilters[filter.firstResponse]);
    return eb.and(all);
  };
}

const page = z.object({
  first: z.number().int().min(1).max(PAGE_LIMITS['Query.tickets']),
  after: z.string().max(200).optional(),
});

/**
 * The two queries of a page of tickets, not yet run: the count of every ticket that matches, and the
 * page itself (newest first, `first` + 1 after the cursor `after`; the one more says whether there
 * are more). Exported so that the benchmark can run the very SQL they compile to.
 */
export function visibleTicketsQueries(
  db: Db,
  person: Person,
  rawFilter: unknown,
  rawPage: { first: number; after?: string | null },
) {
  const filter = parseInput(ticketFilter, rawFilter ?? {});
  const { first, after } = parseInput(page, { first: rawPage.first, after: rawPage.after ?? undefined });
  const query: TicketsQuery = db.selectFrom('tickets').where(visibleTo(person)).where(matchesFilter(filter, person));
  const count = query.select((eb) => eb.fn.countAll<number>().as('n'));
  const cursor = after ? decodeCursor(after) : undefined;
  let rows = query.selectAll();
  if (cursor)
    rows = rows.where((eb) =>
      eb.or([
        eb('created_at', '<', cursor.createdAt),
        eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)]),
      ]),
    );
  return {
    first,
    count,
    rows: rows
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(first + 1),
  };
}

/** Newest first, `first` at a time after the cursor `after`. */
export async function listVisibleTickets(
  db: Db,
  person: Person,
  rawFilter: unknown,
  rawPage: { first: number; after?: string | null },
) {
  const { first, count, rows } = visibleTicketsQueries(db, person, rawFilter, rawPage);
  // Independent: each on a connection of its own, at the same time.
  const [total, found] = await Promise.all([count.executeTakeFirstOrThrow(), rows.execute()]);
  const nodes = found.slice(0, first);
  return {
    nodes,
    totalCount: Number(total.n),
    hasNextPage: found.length > first,
    endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1]!) : null,
  };
}

/**
 * Tickets with a clock at risk (or breached). Literal paths, the very predicates of the partial
 * indexes of migration 2026-12-02-40: with a parameter the planner could not use them.
 */
export const slaFilters = {
  AT_RISK: sql<boolean>`slas @? '$.* ? (@.atRisk == true)'`,
  BREACHED: sql<boolean>`slas @? '$.* ? (@.breached == true)'`,
  /** Clocks all stopped, none breached (the reports' "met"); the predicate of migration 2026-12-07-70's index. */
  MET: sql<boolean>`(slas <> '{}'::jsonb and not slas @? '$.* ? (@.status != "stopped" || @.breached == true)')`,
};

export function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const parsed = { createdAt: new Date(createdAt), id: z.uuid().parse(id) };
    if (Number.isNaN(parsed.createdAt.getTime())) throw new Error('bad date');
    return parsed;
  } catch {
    throw invalidInput([{ path: 'after', message: 'is not a cursor this API gave out' }]);
  }
}

/** The ticket's row for an external system: only tickets of the processes its key names exist for it. */
export async function findSystemTicket(db: Db, scope: { processes: string[] }, number: string) {
  const found =
    scope.processes.length === 0
      ? undefined
      : await db
          .selectFrom('tickets')
          .selectAll()
          .where('number', '=', number)
          .where('process_key', 'in', scope.processes)
          .executeTakeFirst();
  if (!found) throw notFound('Ticket', number);
  return found;
}
