// The queue's address (the shared contract of issue 18): view, sort and the filters as search
// parameters, so that a link opens the same list; turned here into the queue query's arguments.
export const SORTS = { sla: 'SLA', priority: 'PRIORITY', updated: 'UPDATED', created: 'CREATED' } as const;
export type SortParam = keyof typeof SORTS;

/** The filter parameters of the address, in the order the filter bar shows them. */
export const FILTER_PARAMS = [
  'process',
  'category',
  'group',
  'assignee',
  'unassigned',
  'mine',
  'priority',
  'sla',
  'requester',
  'q',
  'createdAfter',
  'createdBefore',
  'doneAfter',
  'doneBefore',
  'open',
  'firstResponse',
] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];

const day = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : undefined);

/** The values the address's choice parameters may take (in any case), as the filter bar names them. */
const CHOICES: Partial<Record<FilterParam, Record<string, string>>> = {
  category: { new: 'New', active: 'Active', waiting: 'Waiting', done: 'Done' },
  priority: { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' },
  sla: { AT_RISK: 'At risk', BREACHED: 'Breached', MET: 'Met' },
  firstResponse: { ANSWERED: 'Answered', UNANSWERED: 'Unanswered' },
};
const PARAM_WORDS: Partial<Record<FilterParam, string>> = {
  category: 'State category',
  priority: 'Priority',
  sla: 'SLA',
  firstResponse: 'First response',
};

/** The choice the address names, as the filter takes it; undefined when it names none of them. */
function choice(search: URLSearchParams, name: FilterParam): string | undefined {
  const value = search.get(name)?.trim();
  if (!value) return undefined;
  return Object.keys(CHOICES[name] ?? {}).find((key) => key.toLowerCase() === value.toLowerCase());
}

/** A choice parameter's values as the address writes them, with their words, in the filter bar's order. */
export const choiceOptions = (name: FilterParam): [string, string][] =>
  Object.entries(CHOICES[name] ?? {}).map(([key, words]) => [key.toLowerCase(), words]);

/** The choice the address names, as the address writes it (`HIGH` → `high`); '' when it names none. */
export const addressChoice = (search: URLSearchParams, name: FilterParam): string =>
  choice(search, name)?.toLowerCase() ?? '';

/** The words of the choice the address names ("High"); undefined when it names none. */
export function choiceWords(search: URLSearchParams, name: FilterParam): string | undefined {
  const key = choice(search, name);
  return key === undefined ? undefined : CHOICES[name]?.[key];
}

/** What the address asks that no filter takes (a link typed or kept from before), in words: left out. */
export function unknownChoices(search: URLSearchParams): string[] {
  return Object.entries(CHOICES).flatMap(([name, values]) => {
    const value = search.get(name)?.trim();
    if (!value || choice(search, name as FilterParam)) return [];
    const words = PARAM_WORDS[name as FilterParam]!;
    return [`${words} “${value}” is none of ${Object.values(values).join(', ')}: it is left out.`];
  });
}

/** The TicketFilter the address asks for; null when it names no filter (then a view's, or the default). */
export function filterOf(search: URLSearchParams): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  const text = (name: string) => search.get(name) || undefined;
  if (text('process')) filter.process = text('process');
  if (choice(search, 'category')) filter.category = choice(search, 'category');
  if (text('group')) filter.group = text('group');
  if (text('assignee')) filter.assignee = text('assignee');
  if (search.get('unassigned') === '1') filter.unassigned = true;
  if (search.get('mine') === '1') filter.mine = true;
  if (choice(search, 'priority')) filter.priority = choice(search, 'priority');
  if (choice(search, 'sla')) filter.sla = choice(search, 'sla');
  if (text('requester')) filter.requester = text('requester');
  if (text('q')) filter.text = text('q');
  // The reports' links (dashboard/report-links.ts): open tickets only, answered or not by staff.
  if (search.get('open') === '1') filter.open = true;
  if (choice(search, 'firstResponse')) filter.firstResponse = choice(search, 'firstResponse');
  for (const name of ['createdAfter', 'createdBefore', 'doneAfter', 'doneBefore'] as const) {
    const at = day(search.get(name) ?? '');
    if (at) filter[name] = at;
  }
  return Object.keys(filter).length ? filter : null;
}

export function sortOf(search: URLSearchParams) {
  const sort = search.get('sort') as SortParam | null;
  return sort && sort in SORTS ? SORTS[sort] : undefined;
}

/** The address's filter without what the view already asks for the same way: nothing is doubled. */
export function beyondView(
  filter: Record<string, unknown> | null,
  viewFilter: Record<string, unknown> | undefined,
): Record<string, unknown> | null {
  if (!filter || !viewFilter) return filter;
  const rest = Object.fromEntries(Object.entries(filter).filter(([k, v]) => viewFilter[k] !== v));
  return Object.keys(rest).length ? rest : null;
}

/** The address parameters that ask for `filter` (filterOf's inverse): how a view's filter is put in words. */
export function paramsOf(filter: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === null || value === undefined || value === false) continue;
    const name = key === 'text' ? 'q' : key;
    params.set(name, value === true ? '1' : /(After|Before)$/.test(key) ? String(value).slice(0, 10) : String(value));
  }
  return params;
}
