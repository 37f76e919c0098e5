// The active filters of the address as removable chips, in words ("Priority: High"): a click (or Enter)
// takes the filter away. Filters the current view already asks the same way are not shown twice; what the
// view asks is said above them, in the same words.
import { navigate } from '../router';
import type { Href } from '../routes';
import { filterChips, type Choices } from './filter-words';
import { filterOf, paramsOf } from './params';

export interface FilterChipsProps {
  search: URLSearchParams;
  choices: Choices | undefined;
  /** The requester's name, when a row shows it. */
  requester: string | undefined;
  /** The current view's filter, and its name (none: no view is open). */
  inView: Record<string, unknown>;
  viewName?: string;
  address: (changes: Record<string, string | null>) => Href;
}

export function FilterChips({ search, choices, requester, inView, viewName, address }: FilterChipsProps) {
  const filter = filterOf(search) ?? {};
  const skip = new Set(
    Object.keys(filter)
      .filter((k) => inView[k] !== undefined && inView[k] === filter[k])
      .map((k) => (k === 'text' ? 'q' : k)),
  );
  const chips = filterChips(search, choices, { requester, skip });
  const asked = viewName ? filterChips(paramsOf(inView), choices).map((c) => c.label) : [];
  if (chips.length === 0 && asked.length === 0) return null;
  return (
    <>
      {asked.length > 0 && (
        <p className="queue-view-asks muted">
          “{viewName}” lists: {asked.join(' · ')}
        </p>
      )}
      {chips.length > 0 && (
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
      )}
    </>
  );
}
