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

/** The TicketFilter the address asks for; null when it names no filter (then a view's, or the default). */
export function filterOf(search: URLSearchParams): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  const text = (name: string) => search.get(name) || undefined;
  if (text('process')) filter.process = text('process');
  if (text('category')) filter.category = text('category');
  if (text('group')) filter.group = text('group');
  if (text('assignee')) filter.assignee = text('assignee');
  if (search.get('unassigned') === '1') filter.unassigned = true;
  if (search.get('mine') === '1') filter.mine = true;
  if (text('priority')) filter.priority = text('priority');
  if (text('sla')) filter.sla = text('sla')!.toUpperCase();
  if (text('requester')) filter.requester = text('requester');
  if (text('q')) filter.text = text('q');
  // The reports' links (dashboard/report-links.ts): open tickets only, answered or not by staff.
  if (search.get('open') === '1') filter.open = true;
  if (text('firstResponse')) filter.firstResponse = text('firstResponse')!.toUpperCase();
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
