// The board's process and filters; every change goes into the address at once (see filters.ts).
import { humanize } from '../lib/format';
import { writeFilters, type BoardFilters } from './filters';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

interface FilterBarProps {
  filters: BoardFilters;
  processes: { key: string; name: string }[];
  groups: { key: string; name: string }[];
}

export function BoardFilterBar({ filters, processes, groups }: FilterBarProps) {
  const set = (change: Partial<BoardFilters>) => writeFilters({ ...filters, ...change });
  return (
    <form className="board-filters" role="search" aria-label="Board filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Process{' '}
        <select value={filters.process} onChange={(e) => writeFilters({ ...filters, process: e.target.value })}>
          {processes.map((p) => (
            <option key={p.key} value={p.key}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={filters.mine} onChange={(e) => set({ mine: e.target.checked })} /> Mine
      </label>
      <label>
        Group{' '}
        <select value={filters.group} onChange={(e) => set({ group: e.target.value })}>
          <option value="">Any</option>
          {groups.map((g) => (
            <option key={g.key} value={g.key}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Priority{' '}
        <select value={filters.priority} onChange={(e) => set({ priority: e.target.value })}>
          <option value="">Any</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {humanize(p)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={filters.atRisk} onChange={(e) => set({ atRisk: e.target.checked })} /> SLA at
        risk
      </label>
      <label>
        Search <input type="search" value={filters.text} onChange={(e) => set({ text: e.target.value })} />
      </label>
    </form>
  );
}
