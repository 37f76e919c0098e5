// The queue (issue 18): one list of the tickets a person may see, across processes, narrowed by a ticket
// filter and sorted by SLA deadline (earliest first, tickets without a running clock last), priority
// (urgent first, then newest), last update or creation (newest first). Paged by a cursor that holds the
// sort's name, its key and the ticket's id, read from Postgres as text so that no precision is lost: the
// order is total (the id breaks ties), so a page after a cursor never repeats or skips a ticket.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { USER_COLUMNS, type User } from '../people/users.js';
import type { Db } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { invalidInput, parseInput } from '../validate.js';
import { PAGE_LIMITS } from '../page-limits.js';
import type { Person } from '../../workflows/ticket/model.js';
import { matchesFilter, ticketFilter, visibleTo, type TicketFilter } from '../tickets/queries.js';

export const queueSorts = ['SLA', 'PRIORITY', 'UPDATED', 'CREATED'] as const;
export type QueueSort = (typeof queueSorts)[number];

/** One part of a sort: its SQL (the very text of the indexes of migration 2026-12-07-30-queue-sla-due),
 * its direction, whether it may be null (then last), and the Postgres type its cursor value is cast to. */
interface SortKey {
  expression: string;
  direction: 'asc' | 'desc';
  nullable?: boolean;
  type: 'timestamptz' | 'int' | 'uuid';
}

const PRIORITY_RANK = "(case priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end)";

const sortKeys: Record<QueueSort, SortKey[]> = {
  SLA: [
    { expression: 'sla_due_at', direction: 'asc', nullable: true, type: 'timestamptz' },
    { expression: 'id', direction: 'asc', type: 'uuid' },
  ],
  PRIORITY: [
    { expression: PRIORITY_RANK, direction: 'asc', type: 'int' },
    { expression: 'created_at', direction: 'desc', type: 'timestamptz' },
    { expression: 'id', direction: 'desc', type: 'uuid' },
  ],
  UPDATED: [
    { expression: 'updated_at', direction: 'desc', type: 'timestamptz' },
    { expression: 'id', direction: 'desc', type: 'uuid' },
  ],
  CREATED: [
    { expression: 'created_at', direction: 'desc', type: 'timestamptz' },
    { expression: 'id', direction: 'desc', type: 'uuid' },
  ],
};

const page = z.object({
  sort: z.enum(queueSorts),
  first: z.number().int().min(1).max(PAGE_LIMITS['Query.queue']),
  after: z.string().max(500).optional(),
});

type Cursor = { sort: QueueSort; values: (string | number | null)[] };

export function encodeQueueCursor(sort: QueueSort, key: unknown[]): string {
  return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

/** The cursor's key, checked against the sort it must have been given out for. */
export function decodeQueueCursor(cursor: string, sort: QueueSort): Cursor {
  const refuse = (message: string) => invalidInput([{ path: 'after', message }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('is not a cursor this API gave out');
  }
  const keys = sortKeys[sort];
  if (!Array.isArray(parsed) || !queueSorts.includes(parsed[0] as QueueSort))
    throw refuse('is not a cursor this API gave out');
  if (parsed[0] !== sort) throw refuse(`was given out for another sort than ${sort}: start again from the first page`);
  if (parsed.length !== keys.length + 1) throw refuse('is not a cursor this API gave out');
  const values = parsed.slice(1) as unknown[];
  keys.forEach((key, i) => {
    const value = values[i];
    const fits =
      (value === null && key.nullable) ||
      (key.type === 'int' && Number.isInteger(value)) ||
      (key.type === 'uuid' && z.uuid().safeParse(value).success) ||
      (key.type === 'timestamptz' && typeof value === 'string' && !Number.isNaN(Date.parse(value)));
    if (!fits) throw refuse('is not a cursor this API gave out');
  });
  return { sort, values: values as Cursor['values'] };
}

/** Rows after the cursor's key in the sort's order: (k1 after v1) or (k1 = v1 and k2 after v2) or … */
function afterKey(keys: SortKey[], values: Cursor['values']): RawBuilder<boolean> {
  const equal = (key: SortKey, value: Cursor['values'][number]) =>
    value === null
      ? sql`${sql.raw(key.expression)} is null`
      : sql`${sql.raw(key.expression)} = ${value}::${sql.raw(key.type)}`;
  const beyond = (key: SortKey, value: Cursor['values'][number]) => {
    // Nulls come last: nothing is beyond a null, and every null is beyond a value.
    if (value === null) return sql`false`;
    const op = key.direction === 'asc' ? '>' : '<';
    const past = sql`${sql.raw(key.expression)} ${sql.raw(op)} ${value}::${sql.raw(key.type)}`;
    return key.nullable ? sql`(${past} or ${sql.raw(key.expression)} is null)` : past;
  };
  const alternatives = keys.map((key, i) => {
    const same = keys.slice(0, i).map((k, j) => equal(k, values[j]!));
    return sql`(${sql.join([...same, beyond(key, values[i]!)], sql` and `)})`;
  });
  return sql<boolean>`(${sql.join(alternatives, sql` or `)})`;
}

const orderBy = (keys: SortKey[]) =>
  sql.raw(
    keys
      .map(
        (k) =>
          `${k.expression} ${k.direction}${k.nullable ? (k.direction === 'asc' ? ' nulls last' : ' nulls last') : ''}`,
      )
      .join(', '),
  );

export interface QueuePageRequest {
  sort: QueueSort;
  first: number;
  after?: string | null;
}

/**
 * The two queries of a page of the queue, not yet run: the count of every ticket that matches, and the
 * page (`first` + 1 after the cursor; the one more says whether there are more), each row with its
 * cursor key. Exported so that the benchmark can run the very SQL they compile to.
 */
export function queueQueries(db: Db, person: Person, rawFilter: unknown, request: QueuePageRequest) {
  const filter: TicketFilter = parseInput(ticketFilter, rawFilter ?? {});
  const { sort, first, after } = parseInput(page, {
    sort: request.sort,
    first: request.first,
    after: request.after ?? undefined,
  });
  const keys = sortKeys[sort];
  const query: SelectQueryBuilder<Database, 'tickets', object> = db
    .selectFrom('tickets')
    .where(visibleTo(person))
    .where(matchesFilter(filter, person));
  const count = query.select((eb) => eb.fn.countAll<number>().as('n'));
  let rows = query
    .selectAll('tickets')
    .select(sql<string>`json_build_array(${sql.join(keys.map((k) => sql.raw(k.expression)))})::text`.as('sort_key'))
    // The assignee as a row shows them, read here: the page's people need no query of their own.
    .select(
      sql<User | null>`(select json_build_object(${sql.join(USER_COLUMNS.map((c) => sql`${sql.lit(c)}, u.${sql.ref(c)}`))})
        from users u where u.id = tickets.assignee_id)`.as('assignee_user'),
    );
  if (after) rows = rows.where(afterKey(keys, decodeQueueCursor(after, sort).values));
  return { first, sort, count, rows: rows.orderBy(orderBy(keys)).limit(first + 1) };
}

/** A page of the queue: its tickets, how many match in all, and the cursor of the next page. */
export async function listQueue(db: Db, person: Person, rawFilter: unknown, request: QueuePageRequest) {
  const { first, sort, count, rows } = queueQueries(db, person, rawFilter, request);
  const [total, found] = await Promise.all([count.executeTakeFirstOrThrow(), rows.execute()]);
  const page = found.slice(0, first);
  const last = page.at(-1);
  return {
    // Each row keeps its sort_key: nothing reads it beyond the cursor, and copying every row costs.
    nodes: page,
    totalCount: Number(total.n),
    hasNextPage: found.length > first,
    endCursor: last ? encodeQueueCursor(sort, JSON.parse(last.sort_key) as unknown[]) : null,
  };
}

/** How many tickets the person may see match the filter: what the queue's live count follows. */
export async function countQueue(db: Db, person: Person, rawFilter: unknown): Promise<number> {
  const filter: TicketFilter = parseInput(ticketFilter, rawFilter ?? {});
  const row = await db
    .selectFrom('tickets')
    .where(visibleTo(person))
    .where(matchesFilter(filter, person))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
