// Where each figure of the reports leads: the queue, filtered to the very tickets the figure counts —
// the row's group, process or assignee, created in the period (createdAfter = from, createdBefore = the
// day after `to`), and the figure's own condition (answered by staff or not, open, an age's days, SLA met
// or breached). Pure, so that test/integration/report-links.test.ts asks the queue with these very links.
// `.js` in the imports: node (tsx, NodeNext) needs them, and Vite resolves them to the .ts files.
import { routes, type Href } from '../routes.js';
import { addDays, type Grouping } from './report-period.js';

export interface RowKey {
  /** The group's or process's key, the assignee's user id; null: no assignee. */
  key: string | null;
}

type QueueSearch = Parameters<typeof routes.queue.href>[0];

/** The queue's filter of a row's tickets created in the period. */
export function cohortSearch(grouping: Grouping, row: RowKey, from: string, to: string): NonNullable<QueueSearch> {
  const who =
    grouping.api === 'GROUP'
      ? { group: row.key }
      : grouping.api === 'PROCESS'
        ? { process: row.key }
        : row.key === null
          ? { unassigned: '1' }
          : { assignee: row.key };
  return { ...who, createdAfter: from, createdBefore: addDays(to, 1) };
}

export const cohortHref = (grouping: Grouping, row: RowKey, from: string, to: string): Href =>
  routes.queue.href(cohortSearch(grouping, row, from, to));

export const slaHref = (grouping: Grouping, row: RowKey, from: string, to: string, sla: 'met' | 'breached'): Href =>
  routes.queue.href({ ...cohortSearch(grouping, row, from, to), sla });

/** Answered by staff or not yet: the first response report's rule (platform/tickets/first-response.ts). */
export const responseHref = (
  grouping: Grouping,
  row: RowKey,
  from: string,
  to: string,
  response: 'answered' | 'unanswered',
): Href => routes.queue.href({ ...cohortSearch(grouping, row, from, to), firstResponse: response });

export const openHref = (grouping: Grouping, row: RowKey, from: string, to: string): Href =>
  routes.queue.href({ ...cohortSearch(grouping, row, from, to), open: '1' });

/**
 * The open tickets of an age bucket, [fromAge, untilAge) whole UTC days old on `asOf`: created on the
 * days asOf − untilAge + 1 to asOf − fromAge, within the period. Null when no day is in both (the count
 * is then 0).
 */
export function ageHref(
  grouping: Grouping,
  row: RowKey,
  period: { from: string; to: string; asOf: string },
  fromAge: number,
  untilAge: number | null,
): Href | null {
  const search = cohortSearch(grouping, row, period.from, period.to);
  const after = untilAge === null ? period.from : max(period.from, addDays(period.asOf, 1 - untilAge));
  const before = min(search.createdBefore as string, addDays(period.asOf, 1 - fromAge));
  if (after >= before) return null;
  return routes.queue.href({ ...search, open: '1', createdAfter: after, createdBefore: before });
}

// YYYY-MM-DD days compare as text.
const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);
