// The active filters of the address as removable chips, in words ("Priority: High"): a click (or Enter)
// takes the filter away. Filters the current view already asks the same way are not shown twice.
import { navigate } from '../router';
import type { Href } from '../routes';
import { filterChips, type Choices } from './filter-words';
import { filterOf } from './params';

export interface FilterChipsProps {
  search: URLSearchParams;
  choices: Choices | undefined;
  /** The requester's name, when a row shows it. */
  requester: string | undefined;
  /** The current view's filter. */
  inView: Record<string, unknown>;
  address: (changes: Record<string, string | null>) => Href;
}

export function FilterChips({ search, choices, requester, inView, address }: FilterChipsProps) {
  const filter = filterOf(search) ?? {};
  const skip = new Set(
    Object.keys(filter)
      .filter((k) => inView[k] !== undefined && inView[k] === filter[k])
      .map((k) => (k === 'text' ? 'q' : k)),
  );
  const chips = filterChips(search, choices, { requester, skip });
  if (chips.length === 0) return null;
  return (
    <ul className="queue-chips" aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.params.join()}>
          <button
            type="button"
            className="queue-chip"
            onClick={() => navigate(address(Object.fromEntries(chip.params.map((p) => [p, null]))))}
          >
            {chip.label}
            <span aria-hidden="true"> ×</span>
            <span className="visually-hidden"> (remove)</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
