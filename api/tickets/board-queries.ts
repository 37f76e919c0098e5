// The board's reads: the tickets of a process a person may see, by state, counted and with the newest
// of each, under the board's filters. Open tickets fill the columns of states that are not done;
// tickets done within the last BOARD_DONE_DAYS fill the done columns (a card dropped there stays).
import { sql, type ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../platform/store/db.js';
import type { Database } from '../../platform/store/schema.js';
import type { Person } from '../../workflows/ticket/model.js';
import { matchesFilter, ticketFilter, visibleTo, type TicketFilter } from '../../platform/tickets/queries.js';

/** How far back a done column reaches: tickets done within this many days show in it. */
export const BOARD_DONE_DAYS = 14;

/** The board's filters: a ticket list's, less what the board decides itself (process, state, open). */
export const boardFilter = ticketFilter.omit({ process: true, state: true, open: true, doneSince: true });
export type BoardFilter = z.output<typeof boardFilter>;

/** Which tickets a column holds: the open ones, or those done since a moment (a done column). */
export type BoardWindow = { open: true } | { doneSince: Date };

/** The start of the done columns' window, for a board read now. */
export const doneWindowStart = (now = new Date()) => new Date(now.getTime() - BOARD_DONE_DAYS * 24 * 3600 * 1000);

/** The window as a ticket filter's conditions, for a column's further pages. */
export const windowFilter = (window: BoardWindow): TicketFilter =>
  'open' in window ? { open: true } : { doneSince: window.doneSince };

function onBoard(person: Person, processKey: string, window: BoardWindow, filter: BoardFilter) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) =>
    eb.and([
      eb('tickets.process_key', '=', processKey),
      eb('tickets.state', 'is not', null),
      // Spelt out here, not through matchesFilter: the planner must see `done_at is null` to use the
      // board index (partial on it).
      'open' in window ? eb('tickets.done_at', 'is', null) : eb('tickets.done_at', '>=', window.doneSince),
      visibleTo(person)(eb),
      matchesFilter(filter, person)(eb),
    ]);
}

/** How many tickets of the window each state holds, and the newest version among them. */
function countsByState(db: Db, on: ReturnType<typeof onBoard>) {
  return db
    .selectFrom('tickets')
    .select([
      'tickets.state',
      sql<string>`count(*)`.as('in_state'),
      sql<number>`max(process_version)`.as('newest_version'),
    ])
    .where(on)
    .groupBy('tickets.state');
}

/**
 * One query of the board, not yet run: the tickets of the window the person may see that match the
 * filter, counted by state, with the newest `first` + 1 of each state (the one more says whether
 * there are more). For open tickets the counts come from the board index alone; each state's cards
 * from the head of its part of it. Exported so that the benchmark can run the very SQL.
 */
export function boardByStateQuery(
  db: Db,
  person: Person,
  processKey: string,
  first: number,
  window: BoardWindow,
  filter: BoardFilter = {},
) {
  const on = onBoard(person, processKey, window, filter);
  return db
    .with('counts', () => countsByState(db, on))
    .selectFrom('counts')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('tickets')
          .selectAll('tickets')
          .whereRef('tickets.state', '=', 'counts.state')
          .where((e) => on(e as unknown as ExpressionBuilder<Database, 'tickets'>))
          .orderBy('tickets.created_at', 'desc')
          .orderBy('tickets.id', 'desc')
          .limit(first + 1)
          .as('t'),
      (join) => join.onTrue(),
    )
    .selectAll('t')
    .select(['counts.in_state', 'counts.newest_version'])
    .orderBy('t.state')
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc');
}

/** The board's tickets of a window by state: how many there are, the newest version among them, the newest cards. */
export async function boardByState(
  db: Db,
  person: Person,
  processKey: string,
  first: number,
  window: BoardWindow,
  filter: BoardFilter,
) {
  const rows = await boardByStateQuery(db, person, processKey, first, window, filter).execute();
  const byState = new Map<string, { count: number; newestVersion: number; tickets: typeof rows }>();
  for (const row of rows) {
    const entry = byState.get(row.state!) ?? {
      count: Number(row.in_state),
      newestVersion: row.newest_version,
      tickets: [],
    };
    entry.tickets.push(row);
    byState.set(row.state!, entry);
  }
  return byState;
}

/** How many tickets of the window the person may see each state holds, filters aside, and their newest version. */
export async function unfilteredCounts(db: Db, person: Person, processKey: string, window: BoardWindow) {
  const rows = await countsByState(db, onBoard(person, processKey, window, {})).execute();
  return new Map(rows.map((row) => [row.state!, { count: Number(row.in_state), newestVersion: row.newest_version }]));
}
