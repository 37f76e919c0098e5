// The queue's filters as controls (every filter of the address contract: process, state category,
// group, assignee incl. Me and Unassigned, priority, SLA, text, open only, created and done date
// ranges) and the sort. Applying writes them to the address, so a link opens the same list; the form
// is remounted per address (key) so what it shows is always the address's.
import { navigate } from '../router';
import type { Href } from '../routes';
import { addressChoice, choiceOptions, FILTER_PARAMS } from './params';
import { peopleOf, type Choices } from './filter-words';

const ME = 'me';
const NOBODY = 'none';

export interface FilterBarProps {
  search: URLSearchParams;
  choices: Choices | undefined;
  /** The sort the list has (the address's, else the view's): a SORTS key. */
  sort: string;
  /** The queue's address with these parameters changed. */
  address: (changes: Record<string, string | null>) => Href;
}

const dateParams: [string, string][] = [
  ['createdAfter', 'Created from'],
  ['createdBefore', 'Created before'],
  ['doneAfter', 'Done from'],
  ['doneBefore', 'Done before'],
];

export function FilterBar({ search, choices, sort, address }: FilterBarProps) {
  const people = [...peopleOf(choices)].sort((a, b) => a[1].localeCompare(b[1]));
  const assignee =
    search.get('mine') === '1' ? ME : search.get('unassigned') === '1' ? NOBODY : (search.get('assignee') ?? '');
  return (
    <form
      key={search.toString()}
      className="queue-filters"
      aria-label="Filters"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const value = (name: string) => (form.get(name) as string | null) || null;
        const who = value('assignee');
        const changes: Record<string, string | null> = Object.fromEntries(FILTER_PARAMS.map((p) => [p, value(p)]));
        // The requester has no control here: it stays as the address has it (a chip removes it).
        changes.requester = search.get('requester');
        Object.assign(changes, {
          assignee: who === ME || who === NOBODY ? null : who,
          mine: who === ME ? '1' : null,
          unassigned: who === NOBODY ? '1' : null,
          open: form.get('open') ? '1' : null,
        });
        navigate(address(changes));
      }}
    >
      <label>
        Text <input name="q" defaultValue={search.get('q') ?? ''} />
      </label>
      <FilterSelect
        label="Process"
        name="process"
        value={search.get('process') ?? ''}
        options={(choices?.processDefinitions ?? []).map((p) => [p.key, p.name])}
      />
      <FilterSelect
        label="Group"
        name="group"
        value={search.get('group') ?? ''}
        options={(choices?.groups ?? []).map((g) => [g.key, g.name])}
      />
      <FilterSelect
        label="Assignee"
        name="assignee"
        value={assignee}
        any="Anyone"
        options={[[ME, 'Me'], [NOBODY, 'Unassigned'], ...people]}
      />
      <FilterSelect
        label="State category"
        name="category"
        value={addressChoice(search, 'category')}
        options={choiceOptions('category')}
      />
      <FilterSelect
        label="Priority"
        name="priority"
        value={addressChoice(search, 'priority')}
        options={choiceOptions('priority')}
      />
      <FilterSelect label="SLA" name="sla" value={addressChoice(search, 'sla')} options={choiceOptions('sla')} />
      {/* Dates are asked less often: folded away (but kept in the form) unless the address names one. */}
      <details className="queue-dates" open={dateParams.some(([name]) => search.has(name))}>
        <summary>Dates</summary>
        {dateParams.map(([name, label]) => (
          <label key={name}>
            {label} <input type="date" name={name} defaultValue={search.get(name) ?? ''} />
          </label>
        ))}
      </details>
      <label>
        <input type="checkbox" name="open" defaultChecked={search.get('open') === '1'} /> Open only
      </label>
      <button type="submit">Apply filters</button>
      <label>
        Sort
        <select value={sort} onChange={(e) => navigate(address({ sort: e.target.value }))}>
          <option value="sla">SLA due first</option>
          <option value="priority">Priority</option>
          <option value="updated">Last updated</option>
          <option value="created">Newest</option>
        </select>
      </label>
    </form>
  );
}

/** One filter as a labelled select: "Any" (or `any`) first, then the options as [value, words]. */
function FilterSelect(props: {
  label: string;
  name: string;
  value: string;
  options: [string, string][];
  any?: string;
}) {
  return (
    <label>
      {props.label}
      <select name={props.name} defaultValue={props.value}>
        <option value="">{props.any ?? 'Any'}</option>
        {props.options.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    </label>
  );
}
