// The notification centre: one's in-app notifications, newest first, unread ones marked, each one line
// saying who did what on which ticket (a comment's opening words included). Opening one
// opens its ticket and marks it read; "Mark all read" clears the count; older ones load with the
// Pager. New ones appear by themselves: the bell's live stream puts them at the head of the list, and
// marking read marks them in the cache (cache.ts).
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { Pager } from '../components/Pager';
import { formatDateTime } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';
import { Link, navigate } from '../router';
import { routes } from '../routes';
import { NotificationFields, type NotificationItem } from '../fragments';
import { graphql } from '../graphql';
import { eventLabels } from './labels';
import { UnreadCount } from './NotificationBell';

const NotificationsPageQuery = graphql(
  `
    query NotificationsPage($first: Int!, $after: String) {
      notifications(first: $first, after: $after) {
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
  // Where the last page read starts: the cache answers with every page up to it.
  const [after, setAfter] = useState<string | null>(null);
  const [result, reexecute] = useQuery({ query: NotificationsPageQuery, variables: { first: PAGE_SIZE, after } });
  const [count] = useQuery({ query: UnreadCount });
  const [marked, markRead] = useMutation(MarkNotificationsRead);
  const page = result.data?.notifications;
  const shown = page?.nodes ?? [];
  const unread = count.data?.notifications.unreadCount;

  const open = (n: NotificationItem) => {
    if (!n.read) void markRead({ ids: [n.id] });
    navigate(routes.ticket.href({ number: n.ticketNumber }));
  };

  return (
    <section className="page">
      <div className="page-header">
        <h1>Notifications</h1>
        <div className="page-actions">
          <Link href={routes.notificationPreferences.href()}>Preferences</Link>
          {!!unread && (
            <button type="button" className="button-secondary" onClick={() => void markRead({ all: true })}>
              Mark all read
            </button>
          )}
        </div>
      </div>
      {marked.error && <ErrorNotice error={marked.error} />}
      {result.error && <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!page && !result.error && <Loading what="Loading your notifications…" />}
      {page && shown.length === 0 && (
        <div className="empty">
          <p>No notifications yet. News about your tickets shows here.</p>
        </div>
      )}
      {page && shown.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {unread === undefined ? 'Newest first' : `${unread === 0 ? 'All read' : `${unread} unread`}, newest first`}
          </p>
          <ul className="notification-list">
            {shown.map((n) => (
              <li key={n.id} className={n.read ? 'notification' : 'notification notification-unread'}>
                <a
                  href={routes.ticket.href({ number: n.ticketNumber })}
                  onClick={(event) => {
                    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                    event.preventDefault();
                    open(n);
                  }}
                >
                  {!n.read && <span className="visually-hidden">Unread: </span>}
                  {n.summary}
                </a>
                <p className="muted notification-meta">
                  {eventLabels[n.event] ?? n.event} · <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                </p>
              </li>
            ))}
          </ul>
          <Pager
            what="notifications"
            hasNext={page.pageInfo.hasNextPage}
            loading={result.fetching}
            onMore={() => setAfter(page.pageInfo.endCursor ?? null)}
          />
        </>
      )}
    </section>
  );
}
