// Search: a ticket number jumps to its ticket; words find tickets by full text — title, description,
// public comments and, for those who work the ticket, internal notes — ranked (title over description
// over comments), with highlighted snippets as data. Visibility is applied in the same SQL: a ticket one
// may not see is neither found nor jumped to, and its number is not revealed.
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import type { Db } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { invalidInput, parseInput } from '../validate.js';
import { PAGE_LIMITS } from '../page-limits.js';
import { visibleTo } from '../tickets/queries.js';
import type { Person } from '../../workflows/ticket/model.js';
import { searchConfig } from './language.js';
import { parseSnippet, snippetOptions, type SnippetPart } from './snippets.js';
import { textMatches, tsQuery, worksOn } from './text-match.js';
import { ticketNumberCandidates } from './ticket-numbers.js';

export const MAX_QUERY_CHARS = 200;

const searchInput = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'Search needs words or a ticket number.')
    .max(MAX_QUERY_CHARS, `Search takes at most ${MAX_QUERY_CHARS} characters.`),
  first: z
    .number()
    .int()
    .min(1, 'Results per page must be at least 1.')
    .max(PAGE_LIMITS['Query.search'], `Results per page must be at most ${PAGE_LIMITS['Query.search']}.`),
  after: z.string().max(200).optional(),
});

/** The text one snippet is cut from: at most this much of a ticket's text (ts_headline reads all it gets). */
const SNIPPET_SOURCE_CHARS = 50_000;

type TicketsEb = ExpressionBuilder<Database, 'tickets'>;

/**
 * The queries of a page of hits, not yet run: the count of every match and the page (best first,
 * `first` + 1 after the cursor). Exported so that the benchmark can run the very SQL they compile to.
 */
export function searchQueries(
  db: Db,
  person: Person,
  raw: { query: string; first?: number | null; after?: string | null },
) {
  const input = parseInput(searchInput, {
    query: raw.query,
    first: raw.first ?? 20,
    after: raw.after ?? undefined,
  });
  const matching = db.selectFrom('tickets').where(visibleTo(person)).where(textMatches(person, input.query));
  const count = matching.select((eb) => eb.fn.countAll<number>().as('n'));
  const ranked = matching
    .innerJoin('ticket_search', 'ticket_search.ticket_id', 'tickets.id')
    .selectAll('tickets')
    .select((eb) =>
      sql<number>`ts_rank(case when ${worksOn(person)(eb as unknown as TicketsEb)} then ticket_search.staff_doc else ticket_search.public_doc end, ${tsQuery(input.query)})`.as(
        'rank',
      ),
    );
  const cursor = input.after ? decodeSearchCursor(input.after) : undefined;
  let rows = db.selectFrom(ranked.as('hit')).selectAll();
  if (cursor)
    rows = rows.where(
      sql<boolean>`(hit.rank < ${cursor.rank}::real or (hit.rank = ${cursor.rank}::real and hit.id < ${cursor.id}::uuid))`,
    );
  return {
    input,
    count,
    rows: rows
      .orderBy('hit.rank', 'desc')
      .orderBy('hit.id', 'desc')
      .limit(input.first + 1),
  };
}

/** The ticket whose number the query is, if the person may see it: not yet run (none when the query
 * is no number). Exported, as the two below, for the benchmark. */
export function jumpQuery(db: Db, person: Person, query: string) {
  const numbers = ticketNumberCandidates(query);
  if (numbers.length === 0) return undefined;
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('number', 'in', numbers)
    .where(visibleTo(person))
    .orderBy('number')
    .limit(1);
}

/** A search: the ticket to jump to, if any, and a page of hits with their snippets. */
export async function searchTickets(
  db: Db,
  person: Person,
  raw: { query: string; first?: number | null; after?: string | null },
) {
  const { input, count, rows } = searchQueries(db, person, raw);
  const jump = jumpQuery(db, person, input.query);
  const [jumpTo, total, found] = await Promise.all([
    jump ? jump.executeTakeFirst().then((row) => row ?? null) : null,
    count.executeTakeFirstOrThrow(),
    rows.execute(),
  ]);
  const page = found.slice(0, input.first);
  const snippets = await snippetsOf(
    db,
    person,
    input.query,
    page.map((row) => row.id),
  );
  const last = page[page.length - 1];
  return {
    jumpTo,
    hits: page.map(({ rank, ...ticket }) => ({ ticket, rank, snippet: snippets.get(ticket.id) ?? [] })),
    totalCount: Number(total.n),
    hasNextPage: found.length > input.first,
    endCursor: last ? encodeSearchCursor(last) : null,
  };
}

/** Each ticket's best passages for the query, from the text the person may read of it. */
async function snippetsOf(db: Db, person: Person, query: string, ids: string[]) {
  const snippets = new Map<string, SnippetPart[]>();
  if (ids.length === 0) return snippets;
  const rows = await snippetsQuery(db, person, query, ids).execute();
  for (const row of rows) snippets.set(row.id, parseSnippet(row.headline));
  return snippets;
}

/** The headlines of the tickets `ids` (a page of hits), not yet run: control characters stripped from
 * the text first, so that only ts_headline's marks are there. */
export function snippetsQuery(db: Db, person: Person, query: string, ids: string[]) {
  return db
    .selectFrom('tickets')
    .select((eb) => [
      'tickets.id',
      sql<string>`ts_headline(${searchConfig},
        left(translate(concat_ws(E'\n', tickets.title,
          (select string_agg(body, E'\n' order by created_at) from ticket_texts
            where ticket_id = tickets.id and purpose = 'description'),
          (select string_agg(body, E'\n' order by created_at) from comments
            where ticket_id = tickets.id and (visibility = 'public' or ${worksOn(person)(eb)}))),
          E'\\x01\\x02', '  '), ${SNIPPET_SOURCE_CHARS}::int),
        ${tsQuery(query)}, ${snippetOptions})`.as('headline'),
    ])
    .where('tickets.id', 'in', ids);
}

function encodeSearchCursor(row: { rank: number; id: string }): string {
  return Buffer.from(JSON.stringify([row.rank, row.id])).toString('base64url');
}

function decodeSearchCursor(cursor: string): { rank: number; id: string } {
  try {
    const [rank, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof rank !== 'number' || !Number.isFinite(rank)) throw new Error('bad rank');
    return { rank, id: z.uuid().parse(id) };
  } catch {
    throw invalidInput([{ path: 'after', message: 'is not a cursor this search gave out' }]);
  }
}
