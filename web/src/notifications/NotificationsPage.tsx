// The notification centre: one's in-app notifications, newest first, unread ones marked. Opening one
// opens its ticket and marks it read; "Mark all read" clears the count; older ones load on demand.
// New ones appear by themselves (the bell's live stream makes the first page read again).
import { useState } from 'react';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { formatDateTime } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';
import { Link, navigate } from '../router';
import { routes } from '../routes';
import { NotificationFields, type NotificationItem } from '../fragments';
import { graphql } from '../graphql';
import { eventLabels } from './labels';

const NotificationsPageQuery = graphql(
  `
    query NotificationsPage($first: Int!, $after: String) {
      notifications(first: $first, after: $after) {
        unreadCount
        nodes {
          ...NotificationFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [NotificationFields],
);

const MarkNotificationsRead = graphql(`
  mutation MarkNotificationsRead($ids: [ID!], $all: Boolean) {
    markNotificationsRead(ids: $ids, all: $all)
  }
`);

const PAGE_SIZE = 20;

export function NotificationsPage() {
  usePageTitle('Notifications');
  const client = useClient();
  const [result, reexecute] = useQuery({ query: NotificationsPageQuery, variables: { first: PAGE_SIZE } });
  const [, markRead] = useMutation(MarkNotificationsRead);
  /** Pages after the first, loaded with "Load more"; `readHere`: marked read since they loaded. */
  const [older, setOlder] = useState<{ nodes: NotificationItem[]; cursor: string | null; hasNext: boolean }>();
  const [readHere, setReadHere] = useState<Set<string> | 'all'>(new Set());
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<CombinedError>();
  const page = result.data?.notifications;

  const first = page?.nodes ?? [];
  const shown = [...first, ...(older?.nodes.filter((n) => !first.some((f) => f.id === n.id)) ?? [])];
  const isRead = (n: NotificationItem) => n.read || readHere === 'all' || readHere.has(n.id);
  const hasNext = older ? older.hasNext : (page?.pageInfo.hasNextPage ?? false);

  const loadMore = async () => {
    setLoadingMore(true);
    const after = older ? older.cursor : (page?.pageInfo.endCursor ?? null);
    const more = await client
      .query(NotificationsPageQuery, { first: PAGE_SIZE, after }, { requestPolicy: 'network-only' })
      .toPromise();
    setLoadingMore(false);
    if (more.error || !more.data) return setError(more.error);
    const next = more.data.notifications;
    setOlder((o) => ({
      nodes: [...(o?.nodes ?? []), ...next.nodes],
      cursor: next.pageInfo.endCursor ?? null,
      hasNext: next.pageInfo.hasNextPage,
    }));
  };

  const open = (n: NotificationItem) => {
    if (!isRead(n)) {
      setReadHere((r) => (r === 'all' ? r : new Set(r).add(n.id)));
      void markRead({ ids: [n.id] });
    }
    navigate(routes.ticket.href({ number: n.ticketNumber }));
  };

  const markAll = async () => {
    const done = await markRead({ all: true });
    if (done.error) return setError(done.error);
    setReadHere('all');
  };

  return (
    <section className="page">
      <div className="page-header">
        <h1>Notifications</h1>
        <div className="page-actions">
          <Link href={routes.notificationPreferences.href()}>Preferences</Link>
          {page && page.unreadCount > 0 && (
            <button type="button" className="button-secondary" onClick={() => void markAll()}>
              Mark all read
            </button>
          )}
        </div>
      </div>
      {error && <ErrorNotice error={error} />}
      {result.error && !page && (
        <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />
      )}
      {!page && !result.error && <Loading what="Loading your notifications…" />}
      {page && shown.length === 0 && (
        <div className="empty">
          <p>No notifications yet. News about your tickets shows here.</p>
        </div>
      )}
      {page && shown.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {page.unreadCount === 0 ? 'All read' : `${page.unreadCount} unread`}, newest first
          </p>
          <ul className="notification-list">
            {shown.map((n) => (
              <li key={n.id} className={isRead(n) ? 'notification' : 'notification notification-unread'}>
                <a
                  href={routes.ticket.href({ number: n.ticketNumber })}
                  onClick={(event) => {
                    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                    event.preventDefault();
                    open(n);
                  }}
                >
                  {!isRead(n) && <span className="visually-hidden">Unread: </span>}
                  {n.subject}
                </a>
                <p className="notification-body">{n.body}</p>
                <p className="muted notification-meta">
                  {eventLabels[n.event] ?? n.event} · <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                </p>
              </li>
            ))}
          </ul>
          {hasNext && (
            <button type="button" className="button-secondary" disabled={loadingMore} onClick={() => void loadMore()}>
              {loadingMore ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </section>
  );
}
