// The queue's reads for the reads bench (issue 18): `queue` sorted by SLA through GraphQL, as an agent and
// as an admin, for the default view (no view or filter: the server reads the person's default, then
// lists it; the agent's is "My open tickets", the admin's made "All open") and a filtered one (a group and a priority), first page and a later page by cursor. Each
// against the very SQL the resolver runs (platform/queue/queue-query.ts queueQueries, compiled, and the
// default view's preference read), so the ratio is GraphQL's cost over the data's.
import type { CompiledQuery } from 'kysely';
import { queueQueries } from '../../platform/queue/queue-query.js';
import { builtInViews, DEFAULT_VIEW } from '../../platform/queue/view-input.js';
import type { Db } from '../../platform/store/db.js';
import type { Person } from '../../workflows/ticket/model.js';
import type { TestApi } from '../support/api.js';

/** What a queue row shows (web/src/queue/operations.ts QueueRow). */
const ROW = 'number title state category priority group process { key } assignee { id name } slas updatedAt createdAt';
export const QUEUE_QUERY = `query ($filter: TicketFilter, $after: String) {
  queue(filter: $filter, sort: SLA, first: 50, after: $after) {
    totalCount nodes { ${ROW} } pageInfo { hasNextPage endCursor } } }`;

export interface QueueRead {
  name: string;
  token: string;
  query: string;
  variables: Record<string, unknown>;
  sql: CompiledQuery[];
}

/** The filtered view: the service desk's high-priority tickets, open. */
const FILTERED = { group: 'service-desk', priority: 'high', open: true };

/**
 * The queue's reads for one person: default view and filtered, each first page and the page after it
 * (its cursor taken from the first page's answer through GraphQL).
 */
export async function queueReads(
  db: Db,
  api: TestApi,
  who: string,
  person: Person,
  token: string,
): Promise<QueueRead[]> {
  // Admins are assigned nothing in the seed: their default is made "All open" (every open ticket by SLA),
  // the agent keeps the built-in default ("My open tickets").
  const defaultId = person.role === 'ADMIN' ? 'open' : DEFAULT_VIEW;
  if (defaultId !== DEFAULT_VIEW)
    await db
      .insertInto('queue_preferences')
      .values({ user_id: person.userId, default_view: defaultId })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ default_view: defaultId }))
      .execute();
  const defaultFilter = builtInViews.find((v) => v.id === defaultId)!.filter;
  // With neither view nor filter, the resolver first reads the person's default view.
  const preference = db
    .selectFrom('queue_preferences')
    .select('default_view')
    .where('user_id', '=', person.userId)
    .compile();
  const reads: QueueRead[] = [];
  for (const [label, filter, sqlFilter] of [
    ['default view', null, defaultFilter],
    ['group + priority', FILTERED, FILTERED],
  ] as const) {
    const first = await api.gql<{ queue: { pageInfo: { endCursor: string | null } } }>(
      QUEUE_QUERY,
      { filter },
      { token },
    );
    if (!first.data) throw new Error(`queue ${label} as ${who}: ${JSON.stringify(first.errors)}`);
    const after = first.data.queue.pageInfo.endCursor;
    // A small seed (BENCH_TICKETS) may hold one page only: then there is no later page to read.
    const pages: [string, string | null][] = [['first page', null]];
    if (after) pages.push(['page 2', after]);
    for (const [page, cursor] of pages) {
      const { count, rows } = queueQueries(db, person, sqlFilter, { sort: 'SLA', first: 50, after: cursor });
      reads.push({
        name: `queue by SLA, ${label}, ${page} as ${who}`,
        token,
        query: QUEUE_QUERY,
        variables: { filter, after: cursor },
        sql: [...(filter ? [] : [preference]), count.compile(), rows.compile()],
      });
    }
  }
  return reads;
}
