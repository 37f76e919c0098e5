// The board of a process as a person sees it: a column per state of the latest version, in definition
// order, then a column for each state that only older versions have and open tickets are still in
// (those tickets keep the version they started on). Counts and cards come from one query.
import { z } from 'zod';
import type { Db } from '../../platform/store/db.js';
import { parseInput } from '../../platform/validate.js';
import type { StateDefinition } from '../../workflows/process/definition.js';
import type { Person } from '../../workflows/ticket/model.js';
import { latestVersion } from '../processes/processes.js';
import { encodeCursor, openVisibleByState } from './queries.js';
import { getProcessVersion } from './store.js';

const boardInput = z.object({ processKey: z.string().min(1).max(100), first: z.number().int().min(1).max(200) });

type Found = Awaited<ReturnType<typeof openVisibleByState>> extends Map<string, infer E> ? E : never;

export async function boardOf(db: Db, person: Person, rawProcessKey: string, rawFirst: number) {
  const { processKey, first } = parseInput(boardInput, { processKey: rawProcessKey, first: rawFirst });
  const [latest, byState] = await Promise.all([
    latestVersion(db, processKey),
    openVisibleByState(db, person, processKey, first),
  ]);
  const column = (state: Pick<StateDefinition, 'key' | 'label' | 'category'>, fromOlderVersion: boolean) => {
    const found: Found | undefined = byState.get(state.key);
    const cards = found?.tickets.slice(0, first) ?? [];
    return {
      processKey,
      pageSize: first,
      state: state.key,
      label: state.label,
      category: state.category,
      fromOlderVersion,
      count: found?.count ?? 0,
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
  const older = await Promise.all(
    [...byState.entries()]
      .filter(([key]) => !current.has(key))
      .map(async ([key, found]) => {
        const { definition } = await getProcessVersion(db, processKey, found.newestVersion);
        const state = definition.states.find((s) => s.key === key);
        return column(state ?? { key, label: key, category: 'active' }, true);
      }),
  );
  return {
    process: { key: latest.key, version: latest.version },
    columns: [...latest.definition.states.map((s) => column(s, false)), ...older],
  };
}
