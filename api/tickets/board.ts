// The board of a process as a person sees it: a column per state of the latest version, in definition
// order, then a column for each state that only older versions have and tickets are still in (those
// tickets keep the version they started on). Columns of states that are not done hold open tickets;
// done columns hold the tickets done within the last BOARD_DONE_DAYS. The filters narrow every column
// and its count; each column also says how many it holds without them.
import { z } from 'zod';
import type { Db } from '../../platform/store/db.js';
import { parseInput } from '../../platform/validate.js';
import type { StateDefinition } from '../../workflows/process/definition.js';
import type { Person } from '../../workflows/ticket/model.js';
import { latestVersion } from '../../platform/processes/processes.js';
import {
  boardByState,
  boardFilter,
  doneWindowStart,
  unfilteredCounts,
  type BoardFilter,
  type BoardWindow,
} from './board-queries.js';
import { encodeCursor } from '../../platform/tickets/queries.js';
import { getProcessVersion } from '../../platform/tickets/store.js';
import { PAGE_LIMITS } from '../../platform/page-limits.js';

const boardInput = z.object({
  processKey: z.string().min(1).max(100),
  first: z.number().int().min(1).max(PAGE_LIMITS['Query.board']),
  filter: boardFilter,
});

type ByState = Awaited<ReturnType<typeof boardByState>>;
type Found = ByState extends Map<string, infer E> ? E : never;

/** The filter's given conditions: GraphQL clients send null for what they leave out. */
const givenFilter = (raw: unknown) =>
  typeof raw === 'object' && raw !== null
    ? Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null && value !== undefined))
    : (raw ?? {});

/** A board as its resolvers get it: the columns with their first page of cards, read at once. */
export type Board = Awaited<ReturnType<typeof boardOf>>;
/** One column, with what reading its later pages needs (process, filter, window, page size). */
export type BoardColumn = Board['columns'][number];

export async function boardOf(db: Db, person: Person, rawProcessKey: string, rawFirst: number, rawFilter?: unknown) {
  const { processKey, first, filter } = parseInput(boardInput, {
    processKey: rawProcessKey,
    first: rawFirst,
    filter: givenFilter(rawFilter),
  });
  const windows: Record<'open' | 'done', BoardWindow> = {
    open: { open: true },
    done: { doneSince: doneWindowStart() },
  };
  const filtered = Object.keys(filter).length > 0;
  const read = (window: BoardWindow, f: BoardFilter) => boardByState(db, person, processKey, first, window, f);
  const unfiltered = (window: BoardWindow) => (filtered ? unfilteredCounts(db, person, processKey, window) : undefined);
  const [latest, open, done, openAll, doneAll] = await Promise.all([
    latestVersion(db, processKey),
    read(windows.open, filter),
    read(windows.done, filter),
    unfiltered(windows.open),
    unfiltered(windows.done),
  ]);
  const all = { open: openAll ?? open, done: doneAll ?? done };

  const column = (state: Pick<StateDefinition, 'key' | 'label' | 'category'>, fromOlderVersion: boolean) => {
    const which = state.category === 'done' ? 'done' : 'open';
    const found: Found | undefined = (which === 'done' ? done : open).get(state.key);
    const cards = found?.tickets.slice(0, first) ?? [];
    const window = windows[which];
    return {
      processKey,
      pageSize: first,
      filter,
      window,
      state: state.key,
      label: state.label,
      category: state.category,
      fromOlderVersion,
      count: found?.count ?? 0,
      unfilteredCount: all[which].get(state.key)?.count ?? 0,
      doneSince: 'doneSince' in window ? window.doneSince : null,
      cards: {
        nodes: cards,
        totalCount: found?.count ?? 0,
        pageInfo: {
          hasNextPage: (found?.tickets.length ?? 0) > first,
          endCursor: cards.length ? encodeCursor(cards[cards.length - 1]!) : null,
        },
      },
    };
  };
  const current = new Set(latest.definition.states.map((s) => s.key));
  // A state only older versions have gets a column while tickets are in it, filters aside.
  const olderStates = new Map<string, number>();
  for (const [key, { newestVersion }] of [...all.open.entries(), ...all.done.entries()])
    if (!current.has(key)) olderStates.set(key, Math.max(newestVersion, olderStates.get(key) ?? 0));
  const older = await Promise.all(
    [...olderStates.entries()].map(async ([key, version]) => {
      const { definition } = await getProcessVersion(db, processKey, version);
      const state = definition.states.find((s) => s.key === key);
      return column(state ?? { key, label: key, category: 'active' }, true);
    }),
  );
  return {
    process: { key: latest.key, version: latest.version },
    columns: [...latest.definition.states.map((s) => column(s, false)), ...older],
  };
}
