// What a saved view of the queue is made of, checked at the boundary: its name, ticket filter (the
// queue's own, platform/tickets/queries.ts), sort and columns, each problem a sentence naming the input
// by its label. Also the built-in views every staff person has, and which of them is the default.
import { z } from 'zod';
import { wordedProblems, type Labels } from '../input-words.js';
import { invalidProblems } from '../validate.js';
import { ticketFilter } from '../tickets/queries.js';
import { formatPath } from '../text.js';
import { queueSorts, type QueueSort } from './queue-query.js';

/** The columns the queue can show, in the order it shows them. */
export const viewColumns = [
  'number',
  'title',
  'state',
  'priority',
  'sla',
  'assignee',
  'group',
  'process',
  'updated',
  'created',
] as const;
export type ViewColumn = (typeof viewColumns)[number];
export const defaultColumns: ViewColumn[] = ['number', 'title', 'state', 'priority', 'sla', 'assignee', 'updated'];

/** A filter as a view stores it: the queue filter's fields, instants as ISO 8601 text. */
export type StoredFilter = Record<string, unknown>;

/** The views every staff person has. "My open tickets" is where one lands until one chooses otherwise. */
export const builtInViews: {
  id: string;
  name: string;
  filter: StoredFilter;
  sort: QueueSort;
  columns: ViewColumn[];
}[] = [
  { id: 'mine', name: 'My open tickets', filter: { mine: true, open: true }, sort: 'SLA', columns: defaultColumns },
  {
    id: 'unassigned',
    name: 'Unassigned in my groups',
    filter: { unassigned: true, open: true },
    sort: 'SLA',
    columns: defaultColumns.map((c) => (c === 'assignee' ? 'group' : c)),
  },
  {
    id: 'open',
    name: 'All open',
    filter: { open: true },
    sort: 'SLA',
    columns: [...defaultColumns.slice(0, 5), 'group', 'assignee', 'updated'],
  },
];
export const DEFAULT_VIEW = 'mine';

const viewInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    /** The group to share the view with; none: the view is the person's own. */
    group: z.string().trim().min(1).max(100).optional(),
    filter: ticketFilter.strict(),
    sort: z.enum(queueSorts),
    columns: z
      .array(z.enum(viewColumns))
      .min(1)
      .max(viewColumns.length)
      .refine((cols) => new Set(cols).size === cols.length, { message: 'must not name a column twice' }),
  })
  .partial()
  .strict();

const labels: Labels = {
  name: 'Name',
  group: 'Group',
  filter: 'Filter',
  sort: 'Sort',
  columns: 'Columns',
  'filter.process': 'Process',
  'filter.state': 'State',
  'filter.category': 'State category',
  'filter.group': 'Group filter',
  'filter.assignee': 'Assignee',
  'filter.unassigned': 'Unassigned',
  'filter.mine': 'Assigned to me',
  'filter.requester': 'Requester',
  'filter.priority': 'Priority',
  'filter.sla': 'SLA status',
  'filter.open': 'Open',
  'filter.doneSince': 'Done since',
  'filter.createdAfter': 'Created from',
  'filter.createdBefore': 'Created before',
  'filter.doneAfter': 'Done from',
  'filter.doneBefore': 'Done before',
  'filter.text': 'Text',
  // Each column by its place: "Column 2: choose one of …".
  ...Object.fromEntries(viewColumns.map((_, i) => [formatPath(['columns', i]), `Column ${i + 1}`])),
};

/** GraphQL clients send null for what they leave out: left out, here. */
const withoutNulls = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    ? Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, withoutNulls(v)]),
      )
    : value;

/** A view's input, every problem in words (BAD_USER_INPUT); to create one, a name is required. */
export function parseViewInput(raw: unknown, purpose: 'create' | 'update') {
  const input = withoutNulls(raw);
  const result = wordedProblems(viewInput, input, labels);
  if (result.problems.length) throw invalidProblems(result.problems);
  const view = result.data!;
  if (purpose === 'create' && view.name === undefined)
    throw invalidProblems([{ path: 'name', message: 'Name is required' }]);
  if (purpose === 'update' && view.group !== undefined)
    throw invalidProblems([{ path: 'group', message: 'Group of a saved view cannot change: save it anew' }]);
  return {
    ...view,
    columns: view.columns ?? (purpose === 'create' ? defaultColumns : undefined),
    // Instants as text: what the stored JSON holds, and what ticketFilter reads back.
    filter: view.filter && (JSON.parse(JSON.stringify(view.filter)) as StoredFilter),
  };
}

export { withoutNulls };
