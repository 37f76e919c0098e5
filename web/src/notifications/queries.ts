// The notification centre's operations, and the words the app uses for events and channels.
import { graphql, type ResultOf } from '../graphql';

export const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    ticketNumber
    subject
    body
    event
    createdAt
    read
  }
`);
export type NotificationItem = ResultOf<typeof NotificationFields>;

export const UnreadCount = graphql(`
  query UnreadCount {
    notifications(first: 1) {
      unreadCount
    }
  }
`);

export const NotificationsPageQuery = graphql(
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

export const NotificationAdded = graphql(
  `
    subscription NotificationAdded {
      notificationAdded {
        ...NotificationFields
      }
    }
  `,
  [NotificationFields],
);

export const MarkNotificationsRead = graphql(`
  mutation MarkNotificationsRead($ids: [ID!], $all: Boolean) {
    markNotificationsRead(ids: $ids, all: $all)
  }
`);

export const NotificationPreferences = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      event
      channel
      enabled
    }
  }
`);

export const SetNotificationPreference = graphql(`
  mutation SetNotificationPreference($event: NotificationEvent!, $channel: NotificationChannel!, $enabled: Boolean!) {
    setNotificationPreference(event: $event, channel: $channel, enabled: $enabled) {
      event
      channel
      enabled
    }
  }
`);

export const WebPushPublicKey = graphql(`
  query WebPushPublicKey {
    webPushPublicKey
  }
`);

export const SaveWebPushSubscription = graphql(`
  mutation SaveWebPushSubscription($subscription: WebPushSubscriptionInput!) {
    saveWebPushSubscription(subscription: $subscription) {
      endpoint
    }
  }
`);

export const RemoveWebPushSubscription = graphql(`
  mutation RemoveWebPushSubscription($endpoint: String!) {
    removeWebPushSubscription(endpoint: $endpoint)
  }
`);

export const eventLabels: Record<string, string> = {
  created: 'A ticket is created',
  assigned: 'A ticket is assigned',
  commented: 'A comment is added',
  moved: 'A ticket moves on',
  sla_at_risk: 'An SLA is at risk',
  sla_breached: 'An SLA is breached',
  resolved: 'A ticket is resolved',
};

export const channelLabels: Record<string, string> = {
  email: 'Email',
  in_app: 'In the app',
  push: 'Push',
};
