// The board's filters, kept in the address (?mine=1&group=…&priority=…&sla=1&q=…) so a filtered
// board can be reloaded and shared. The server applies them (board(filter:), the columns' pages and
// counts); the browser matches only live changes against them, the way the server does, so that a
// ticket that stops matching leaves the board.
import { navigate } from '../router';
import { routes } from '../routes';
import type { Card } from './operations';

export interface BoardFilters {
  process: string;
  mine: boolean;
  group: string;
  priority: string;
  atRisk: boolean;
  text: string;
}

export function readFilters(search: URLSearchParams): BoardFilters {
  return {
    process: search.get('process') ?? '',
    mine: search.get('mine') === '1',
    group: search.get('group') ?? '',
    priority: search.get('priority') ?? '',
    atRisk: search.get('sla') === '1',
    text: search.get('q') ?? '',
  };
}

export function writeFilters(filters: BoardFilters): void {
  const { process, mine, group, priority, atRisk, text } = filters;
  navigate(routes.board.href({ process, mine, group, priority, sla: atRisk, q: text }), { replace: true });
}

export const isFiltered = (f: BoardFilters) => f.mine || !!f.group || !!f.priority || f.atRisk || !!f.text;

/** The filters as the server takes them (BoardFilter): only the conditions given. */
export function serverFilter(filters: BoardFilters, userId: string) {
  const text = filters.text.trim();
  return {
    ...(filters.mine && { assignee: userId }),
    ...(filters.group && { group: filters.group }),
    ...(filters.priority && { priority: filters.priority as Card['priority'] }),
    ...(filters.atRisk && { sla: 'AT_RISK' as const }),
    ...(text && { text }),
  };
}

/** Whether a ticket matches, as the server decides: an SLA clock marked at risk (a breach marks it
 * too), words in the title (case aside). */
export function matcher(filters: BoardFilters, userId: string): (card: Card) => boolean {
  const text = filters.text.trim().toLowerCase();
  return (card) => {
    if (filters.mine && card.assignee?.id !== userId) return false;
    if (filters.group && card.group !== filters.group) return false;
    if (filters.priority && card.priority !== filters.priority) return false;
    if (filters.atRisk && !Object.values(clocks(card.slas)).some((clock) => clock?.atRisk === true)) return false;
    if (text && !card.title.toLowerCase().includes(text)) return false;
    return true;
  };
}

const clocks = (slas: unknown): Record<string, { atRisk?: unknown } | null> =>
  typeof slas === 'object' && slas !== null ? (slas as Record<string, { atRisk?: unknown } | null>) : {};
