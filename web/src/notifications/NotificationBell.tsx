// The bell in the header: how many notifications are unread, kept live by notificationAdded (a new
// one makes the count read again; so does a stream that comes back after a drop).
import { useQuery } from 'urql';
import { NotificationFields } from '../fragments';
import { graphql } from '../graphql';
import { useLiveSubscription } from '../lib/useLiveSubscription';
import { Link } from '../router';
import { routes } from '../routes';
import { useSession } from '../session/useSession';
import './notifications.css';

/** How many are unread: the bell's count, and the notification centre's. */
export const UnreadCount = graphql(`
  query UnreadCount {
    notifications(first: 1) {
      unreadCount
    }
  }
`);

const NotificationAdded = graphql(
  `
    subscription NotificationAdded {
      notificationAdded {
        ...NotificationFields
      }
    }
  `,
  [NotificationFields],
);

export function NotificationBell({ current }: { current: boolean }) {
  const [result, reexecute] = useQuery({ query: UnreadCount });
  const session = useSession();
  const token = session.status === 'signedIn' ? session.token : '';
  useLiveSubscription(NotificationAdded, {
    variables: () => ({}),
    streamKey: token ? `notifications ${token}` : null,
    // The cache puts it at the head of the list and reads the count again (cache.ts): nothing to do here.
    onData: () => {},
    onResumed: () => reexecute({ requestPolicy: 'network-only' }),
  });
  const unread = result.data?.notifications.unreadCount ?? 0;
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <Link
      href={routes.notifications.href()}
      className="bell"
      aria-label={label}
      title={label}
      {...(current && { 'aria-current': 'page' })}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {unread > 0 && <span className="bell-count">{unread > 99 ? '99+' : unread}</span>}
    </Link>
  );
}
