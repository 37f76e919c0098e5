// The queue (issue 18): one list of the tickets one may see across processes, by a saved view or the
// filters in the address, sorted, paged ("Load more"), its count live. Keyboard: j/k move the focus
// through the rows (roving: one row link in the tab order), Enter opens the ticket, x selects the row;
// coming back (Back) puts the focus on the row one left from. The selection feeds the bulk bar; after
// a bulk action the list and its count are asked again. The parts: ViewBar (views, saving, columns),
// FilterBar and FilterChips (the filters), QueueTable (the rows).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { BulkActions } from '../bulk/BulkActions';
import { useShortcuts } from '../keyboard/shortcuts';
import { useLiveSubscription } from '../lib/useLiveSubscription';
import { navigate, useLocation } from '../router';
import { routes } from '../routes';
import { useSession } from '../session/useSession';
import { DEFAULT_COLUMNS, type Row } from './columns';
import { FilterBar } from './FilterBar';
import { FilterChips } from './FilterChips';
import { QueueChoicesQuery, QueueCountSubscription, QueuePageQuery } from './operations';
import { beyondView, filterOf, FILTER_PARAMS, sortOf, SORTS, unknownChoices } from './params';
import { errorMessage } from '../lib/errors';
import { QueueTable } from './QueueTable';
import { useLocalColumns } from './useLocalColumns';
import { ViewBar } from './ViewBar';
import './queue.css';

/** Where the focus was in a list, by its address: Back restores it. */
const focusKey = (search: string) => `queue-focus:${search}`;

export function QueuePage() {
  const { search } = useLocation();
  const view = search.get('view');
  const session = useSession();
  const user = session.status === 'signedIn' ? session.user : null;
  const token = session.status === 'signedIn' ? session.token : '';
  const [choices] = useQuery({ query: QueueChoicesQuery });
  const addressFilter = filterOf(search);
  // The filters of the views seen, by id: what the address adds to a view is what it does not already ask.
  const [known, setKnown] = useState<Record<string, Record<string, unknown>>>({});
  const filterKey = JSON.stringify(view ? beyondView(addressFilter, known[view]) : addressFilter);
  const sort = sortOf(search);
  const variables = useMemo(
    () => ({
      view: view ?? null,
      filter: JSON.parse(filterKey) as Record<string, unknown> | null,
      ...(sort && { sort }),
    }),
    [view, filterKey, sort],
  );
  const filter = variables.filter;
  /** What was loaded beyond the first page and counted live belongs to one list: the address's. */
  const listKey = JSON.stringify(variables);
  const [result, refetch] = useQuery({ query: QueuePageQuery, variables, requestPolicy: 'cache-and-network' });
  const client = useClient();
  const [loaded, setMore] = useState<{ key: string; rows: Row[]; cursor: string | null; hasNext: boolean } | null>(
    null,
  );
  const more = loaded?.key === listKey ? loaded : null;
  const [selected, setSelected] = useState<string[]>([]);
  // -1: no row has had the focus yet (the first j takes the first row).
  const [focus, setFocus] = useState(() => Number(sessionStorage.getItem(focusKey(search.toString())) ?? -1));
  const [counted, setLiveCount] = useState<{ key: string; n: number } | null>(null);
  const liveCount = counted?.key === listKey ? counted.n : null;
  const list = useRef<HTMLUListElement>(null);

  const data = result.data;
  const first = data?.queue.nodes ?? [];
  const rows = [...first, ...(more?.rows ?? [])];
  const hasNext = more ? more.hasNext : !!data?.queue.pageInfo.hasNextPage;
  const cursor = more ? more.cursor : (data?.queue.pageInfo.endCursor ?? null);
  const views = data?.views ?? [];
  const current = views.find((v) => (view ? v.id === view : !filter && v.isDefault));
  const currentFilter = current?.filter as Record<string, unknown> | undefined;
  // Learnt while rendering (React's way to adjust state to what came): the next render asks without doubles.
  if (view && currentFilter && JSON.stringify(known[view]) !== JSON.stringify(currentFilter))
    setKnown((k) => ({ ...k, [view]: currentFilter }));
  const [localColumns, setLocalColumns] = useLocalColumns(current?.id ?? 'filter');
  const editable = !!current && current.mayEdit && current.kind !== 'BUILT_IN';
  const columns = (!editable && localColumns) || current?.columns || DEFAULT_COLUMNS;
  const count = liveCount ?? data?.queue.totalCount;
  const sortKey = Object.entries(SORTS).find(([, s]) => s === (sort ?? current?.sort ?? 'SLA'))?.[0] ?? 'sla';

  useLiveSubscription(QueueCountSubscription, {
    variables: () => variables,
    streamKey: data && token ? `${listKey} ${token}` : null,
    onData: (d: { queueCount: number }) => setLiveCount({ key: listKey, n: d.queueCount }),
  });

  const loadMore = async () => {
    const page = await client.query(QueuePageQuery, { ...variables, after: cursor }).toPromise();
    if (!page.data) return;
    const next = page.data.queue;
    setMore({
      key: listKey,
      rows: [...(more?.rows ?? []), ...next.nodes],
      cursor: next.pageInfo.endCursor ?? null,
      hasNext: next.pageInfo.hasNextPage,
    });
  };
  /** After a bulk action: the list from its first page, and its count, as they are now. */
  const reload = () => {
    setMore(null);
    setLiveCount(null);
    refetch({ requestPolicy: 'network-only' });
  };

  const focusRow = (index: number) => {
    const bounded = Math.max(0, Math.min(rows.length - 1, index));
    setFocus(bounded);
    sessionStorage.setItem(focusKey(search.toString()), String(bounded));
    list.current?.querySelectorAll<HTMLAnchorElement>('a.queue-open')[bounded]?.focus();
  };
  // Back from a ticket: the focus returns to the row one opened, once the rows are there.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || rows.length === 0) return;
    restored.current = true;
    // Focusing the row's link sets the focus state through its onFocus.
    // A frame later: the app shell puts the focus on the new page's content first, when the page shows.
    if (focus >= 0)
      requestAnimationFrame(() => list.current?.querySelectorAll<HTMLAnchorElement>('a.queue-open')[focus]?.focus());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows.length]);

  const toggle = (number: string) =>
    setSelected((s) => (s.includes(number) ? s.filter((n) => n !== number) : [...s, number]));

  useShortcuts([
    { key: 'j', label: 'Next ticket', group: 'Queue', run: () => focusRow(focus + 1) },
    { key: 'k', label: 'Previous ticket', group: 'Queue', run: () => focusRow(focus - 1) },
    { key: 'x', label: 'Select the ticket', group: 'Queue', run: () => rows[focus] && toggle(rows[focus].number) },
  ]);

  const address = (changes: Record<string, string | null>) => {
    const next: Record<string, string | null> = {};
    for (const name of ['view', 'sort', ...FILTER_PARAMS]) next[name] = search.get(name);
    return routes.queue.href({ ...next, ...changes });
  };
  const groups = choices.data?.groups ?? [];
  const shareable =
    user?.role === 'ADMIN'
      ? groups
      : user?.role === 'COORDINATOR'
        ? groups.filter((g) => g.members.some((m) => m.id === user.id))
        : [];

  return (
    <div className="queue-page">
      <h1>Queue</h1>
      <ViewBar
        views={views}
        current={current}
        draft={{
          filter: { ...currentFilter, ...filter },
          sort: (sort ?? current?.sort ?? 'SLA') as 'SLA',
          columns,
        }}
        shareable={shareable}
        onLocalColumns={setLocalColumns}
        onOpen={(id) => navigate(routes.queue.href(id ? { view: id } : {}))}
      />
      <FilterBar search={search} choices={choices.data} sort={sortKey} address={address} />
      <FilterChips
        search={search}
        choices={choices.data}
        requester={rows.find((r) => r.requester.user?.id === search.get('requester'))?.requester.name}
        inView={current?.filter ? (current.filter as Record<string, unknown>) : {}}
        viewName={current?.name}
        address={address}
      />
      <p role="status" className="queue-count">
        {count !== undefined ? `${count} ticket${count === 1 ? '' : 's'}` : result.error ? '' : 'Loading…'}
        {selected.length > 0 && `, ${selected.length} selected`}
      </p>
      <BulkActions
        numbers={selected}
        onDone={() => setSelected([])}
        onKeep={(numbers) => {
          setSelected(numbers);
          reload();
        }}
      />
      {unknownChoices(search).map((problem) => (
        <p key={problem} role="alert">
          {problem}
        </p>
      ))}
      {result.error && <p role="alert">The list could not be loaded: {errorMessage(result.error)}</p>}
      <QueueTable
        rows={rows}
        columns={columns}
        focus={focus}
        selected={selected}
        onSelect={setSelected}
        listRef={list}
        onRowFocus={(i) => {
          setFocus(i);
          sessionStorage.setItem(focusKey(search.toString()), String(i));
        }}
      />
      {data && rows.length === 0 && (
        <p className="queue-empty muted">
          {filter || currentFilter ? 'No tickets match this list just now.' : 'No tickets here just now.'}
        </p>
      )}
      {hasNext && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
    </div>
  );
}
