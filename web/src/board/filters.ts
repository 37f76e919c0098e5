// The board's filters, kept in the address (?mine=1&group=…&priority=…&sla=1&q=…) so a filtered
// board can be reloaded and shared. They apply in the browser to the cards read so far; a column's
// count stays the server's count of all its open tickets.
import { summarizeSlas } from '../lib/slas';
import { navigate } from '../router';
import type { Card } from './queries';

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
  const search = new URLSearchParams();
  if (filters.process) search.set('process', filters.process);
  if (filters.mine) search.set('mine', '1');
  if (filters.group) search.set('group', filters.group);
  if (filters.priority) search.set('priority', filters.priority);
  if (filters.atRisk) search.set('sla', '1');
  if (filters.text) search.set('q', filters.text);
  const query = search.toString();
  navigate(`/board${query ? `?${query}` : ''}`, { replace: true });
}

export const isFiltered = (f: BoardFilters) => f.mine || !!f.group || !!f.priority || f.atRisk || !!f.text;

export function matcher(filters: BoardFilters, userId: string): (card: Card) => boolean {
  const text = filters.text.trim().toLowerCase();
  return (card) => {
    if (filters.mine && card.assignee?.id !== userId) return false;
    if (filters.group && card.group !== filters.group) return false;
    if (filters.priority && card.priority !== filters.priority) return false;
    if (filters.atRisk && !['at-risk', 'breached'].includes(summarizeSlas(card.slas).level)) return false;
    if (text && !`${card.number} ${card.title}`.toLowerCase().includes(text)) return false;
    return true;
  };
}
