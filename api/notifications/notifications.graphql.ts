// The notification centre over GraphQL: a person's own in-app messages (paged, unread count, marking
// read), live as they are written, and which event reaches them on which channel. People only.
import { requirePerson } from '../graphql/viewer.js';
import { unwrap } from '../tickets/live.graphql.js';
import { notificationChannels, notificationEvents } from '../../workflows/process/vocabulary.js';
import { openNotificationStream } from './live.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

export const typeDefs = /* GraphQL */ `
  "What a notification is about."
  enum NotificationEvent {
    ${notificationEvents.join('\n    ')}
  }

  "Where a notification goes: a mail, or the notification centre of this app."
  enum NotificationChannel {
    ${notificationChannels.join('\n    ')}
  }

  "A message in your notification centre."
  type Notification {
    id: ID!
    "The ticket it is about."
    ticketNumber: String!
    "Where the web app shows the ticket, e.g. /tickets/IT-42."
    ticketPath: String!
    subject: String!
    "The message, as plain text (a mail's text)."
    body: String!
    """
    The message in one line: who did what on which ticket, with a public comment's opening words
    (Sam Agent replied on IT-000012 Printer jams: “Try turning it…”). For messages older than such
    lines, the subject.
    """
    summary: String!
    event: NotificationEvent!
    "The template it was written from, e.g. question_for_requester."
    template: String!
    createdAt: DateTime!
    read: Boolean!
  }

  type NotificationConnection {
    nodes: [Notification!]!
    pageInfo: PageInfo!
    "Your unread notifications, all of them (not only this page's)."
    unreadCount: Int!
  }

  "Whether an event reaches you on a channel."
  type NotificationPreference {
    event: NotificationEvent!
    channel: NotificationChannel!
    enabled: Boolean!
  }

  extend type Query {
    "Your notification centre, newest first; at most 100 a page."
    notifications(first: Int = 20, after: String, unreadOnly: Boolean = false): NotificationConnection!
    "Every event × channel with whether it reaches you (on unless you turned it off)."
    notificationPreferences: [NotificationPreference!]!
  }

  extend type Mutation {
    """
    Marks your notifications read: those of 'ids', or 'all'. An id that is not one of yours answers
    NOT_FOUND (reason UNKNOWN_NOTIFICATION) and nothing is marked. Returns how many are unread now.
    """
    markNotificationsRead(ids: [ID!], all: Boolean): Int!
    "Turns an event on a channel on or off for you; it applies to the next notification."
    setNotificationPreference(
      event: NotificationEvent!
      channel: NotificationChannel!
      enabled: Boolean!
    ): NotificationPreference!
  }

  extend type Subscription {
    """
    Each notification written for you from now on, as it is written. After a dropped connection,
    read notifications again for what came meanwhile. Ends like boardEvents (UNAUTHENTICATED).
    """
    notificationAdded: Notification!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    notifications: async (_, args, ctx) => {
      const page = await ctx.services.notifications.list(requirePerson(ctx.viewer), args);
      return {
        nodes: page.nodes,
        unreadCount: page.unreadCount,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
    notificationPreferences: (_, __, ctx) => ctx.services.notifications.preferences(requirePerson(ctx.viewer)),
  },
  Mutation: {
    markNotificationsRead: (_, args, ctx) => ctx.services.notifications.markRead(requirePerson(ctx.viewer), args),
    setNotificationPreference: (_, args, ctx) =>
      ctx.services.notifications.setPreference(requirePerson(ctx.viewer), args),
  },
  Subscription: {
    notificationAdded: {
      subscribe: (_, __, ctx) => openNotificationStream(ctx),
      resolve: unwrap,
    },
  },
  Notification: {
    ticketPath: (n) => `/tickets/${encodeURIComponent(n.ticketNumber)}`,
  },
};
