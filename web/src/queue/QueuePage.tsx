// The queue (issue 18): one list of the tickets one may see across processes, by a saved view or the
// filters in the address, sorted, paged ("Load more"), its count live. Keyboard: j/k move the focus
// through the rows (roving: one row link in the tab order), Enter opens the ticket, x selects the row;
// coming back (Back) puts the focus on the row one left from. The selection feeds the bulk bar.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import type { ResultOf } from '../graphql';
import { SlaBadge } from '../components/SlaBadge';
import { useShortcuts } from '../keyboard/shortcuts';
import { formatRelative } from '../lib/format';
import { useLiveSubscription } from '../lib/useLiveSubscription';
import { Link, navigate, useLocation } from '../router';
import { routes } from '../routes';
import { useSession } from '../session/useSession';
import { QueueCountSubscription, QueuePageQuery, SetDefaultViewMutation, type QueueRow } from './operations';
import { filterOf, FILTER_PARAMS, sortOf, SORTS } from './params';
import './queue.css';

type Row = ResultOf<typeof QueueRow>;

const COLUMN_LABELS: Record<string, string> = {
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

function cell(row: Row, column: string) {
  switch (column) {
    case 'number':
      return row.number;
    case 'title':
      return row.title;
    case 'state':
      return row.state ?? '';
    case 'priority':
      return row.priority;
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

/** Where the focus was in a list, by its address: Back restores it. */
const focusKey = (search: string) => `queue-focus:${search}`;

export function QueuePage() {
  const { search } = useLocation();
  const view = search.get('view');
  const filterKey = JSON.stringify(filterOf(search));
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
  const [result] = useQuery({ query: QueuePageQuery, variables });
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
  const session = useSession();
  const token = session.status === 'signedIn' ? session.token : '';
  const [, setDefault] = useMutation(SetDefaultViewMutation);

  const data = result.data;
  const first = data?.queue.nodes ?? [];
  const rows = [...first, ...(more?.rows ?? [])];
  const hasNext = more ? more.hasNext : !!data?.queue.pageInfo.hasNextPage;
  const cursor = more ? more.cursor : (data?.queue.pageInfo.endCursor ?? null);
  const views = data?.views ?? [];
  const current = views.find((v) => (view ? v.id === view : !filter && v.isDefault));
  const columns = current?.columns ?? ['number', 'title', 'state', 'priority', 'sla', 'assignee', 'updated'];
  const count = liveCount ?? data?.queue.totalCount;

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

  return (
    <div className="queue-page">
      <h1>Queue</h1>
      <nav aria-label="Views" className="queue-views">
        <ul>
          {views.map((v) => (
            <li key={v.id}>
              <Link href={routes.queue.href({ view: v.id })} {...(v === current && { 'aria-current': 'page' })}>
                {v.name}
                {v.isDefault && <span className="queue-default"> (default)</span>}
              </Link>
            </li>
          ))}
        </ul>
        {current && !current.isDefault && (
          <button type="button" onClick={() => void setDefault({ id: current.id })}>
            Make “{current.name}” my default
          </button>
        )}
      </nav>
      <form
        className="queue-filters"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          navigate(
            address({
              q: (form.get('q') as string) || null,
              category: (form.get('category') as string) || null,
              priority: (form.get('priority') as string) || null,
              sla: (form.get('sla') as string) || null,
              mine: form.get('mine') ? '1' : null,
              unassigned: form.get('unassigned') ? '1' : null,
            }),
          );
        }}
      >
        <label>
          Text <input name="q" defaultValue={search.get('q') ?? ''} />
        </label>
        <label>
          State category
          <select name="category" defaultValue={search.get('category') ?? ''}>
            <option value="">Any</option>
            {['new', 'active', 'waiting', 'done'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Priority
          <select name="priority" defaultValue={search.get('priority') ?? ''}>
            <option value="">Any</option>
            {['urgent', 'high', 'normal', 'low'].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          SLA
          <select name="sla" defaultValue={search.get('sla') ?? ''}>
            <option value="">Any</option>
            <option value="at_risk">At risk</option>
            <option value="breached">Breached</option>
          </select>
        </label>
        <label>
          <input type="checkbox" name="mine" defaultChecked={search.get('mine') === '1'} /> Assigned to me
        </label>
        <label>
          <input type="checkbox" name="unassigned" defaultChecked={search.get('unassigned') === '1'} /> Unassigned
        </label>
        <button type="submit">Apply filters</button>
        <label>
          Sort
          <select
            value={Object.entries(SORTS).find(([, s]) => s === (sort ?? current?.sort ?? 'SLA'))?.[0] ?? 'sla'}
            onChange={(e) => navigate(address({ sort: e.target.value }))}
          >
            <option value="sla">SLA due first</option>
            <option value="priority">Priority</option>
            <option value="updated">Last updated</option>
            <option value="created">Newest</option>
          </select>
        </label>
      </form>
      <p role="status" className="queue-count">
        {count === undefined ? 'Loading…' : `${count} ticket${count === 1 ? '' : 's'}`}
        {selected.length > 0 && `, ${selected.length} selected`}
      </p>
      {/* BULK ACTIONS: the lead mounts <BulkActions numbers={selected} onDone={() => setSelected([])} /> here
          (web/src/bulk/BulkActions.tsx, from the bulk part). */}
      <div className="queue-bulk-slot" data-selected={selected.join(' ')} />
      {result.error && <p role="alert">{result.error.message}</p>}
      <div className="queue-head" aria-hidden="true">
        <span />
        {columns.map((c) => (
          <span key={c}>{COLUMN_LABELS[c] ?? c}</span>
        ))}
      </div>
      <ul className="queue-rows" ref={list} aria-label="Tickets">
        {rows.map((row, i) => (
          <li key={row.number} className={i === focus ? 'queue-row focused' : 'queue-row'}>
            <input
              type="checkbox"
              aria-label={`Select ${row.number}`}
              checked={selected.includes(row.number)}
              onChange={() => toggle(row.number)}
            />
            <Link
              className="queue-open"
              href={routes.ticket.href({ number: row.number })}
              tabIndex={i === Math.max(focus, 0) ? 0 : -1}
              {...(i === focus && { 'aria-current': 'true' })}
              onFocus={() => {
                setFocus(i);
                sessionStorage.setItem(focusKey(search.toString()), String(i));
              }}
            >
              {columns.map((c) => (
                <span key={c} className={`queue-cell queue-${c}`}>
                  <span className="queue-label">{COLUMN_LABELS[c]}: </span>
                  {cell(row, c)}
                </span>
              ))}
            </Link>
          </li>
        ))}
      </ul>
      {hasNext && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
    </div>
  );
}
