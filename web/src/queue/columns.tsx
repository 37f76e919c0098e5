// The queue's columns: their labels in words and what each shows of a row. The server's list of
// columns a view may name is platform/queue/view-input.ts (viewColumns); this is the same list, in order.
import type { ResultOf } from '../graphql';
import { SlaBadge } from '../components/SlaBadge';
import { StateBadge } from '../components/StateBadge';
import { formatRelative, humanize } from '../lib/format';
import type { QueueRow } from './operations';

export type Row = ResultOf<typeof QueueRow>;

export const COLUMN_LABELS: Record<string, string> = {
  number: 'Number',
  title: 'Title',
  state: 'State',
  priority: 'Priority',
  sla: 'SLA',
  assignee: 'Assignee',
  group: 'Group',
  process: 'Process',
  updated: 'Updated',
  created: 'Created',
};
export const ALL_COLUMNS = Object.keys(COLUMN_LABELS);
export const DEFAULT_COLUMNS = ['number', 'title', 'state', 'priority', 'sla', 'assignee', 'updated'];

export function cell(row: Row, column: string) {
  switch (column) {
    case 'number':
      return row.number;
    case 'title':
      return row.title;
    case 'state':
      return <StateBadge state={row.state} category={row.category} />;
    case 'priority':
      return humanize(row.priority);
    case 'sla':
      return <SlaBadge slas={row.slas} />;
    case 'assignee':
      return row.assignee?.name ?? 'Unassigned';
    case 'group':
      return row.group;
    case 'process':
      return row.process.key;
    case 'updated':
      return formatRelative(row.updatedAt as string);
    case 'created':
      return formatRelative(row.createdAt as string);
    default:
      return '';
  }
}
