// Who else is on a ticket over GraphQL: the page's heartbeat (reportTicketPresence) and the live list of
// the other people on it (ticketPresence), for people who may see the ticket (api/tickets/presence.ts).
import type { Resolvers } from '../graphql/resolvers-types.js';
import { unwrap } from './live.graphql.js';
import { openPresenceStream, reportPresence } from './presence.js';

export const typeDefs = /* GraphQL */ `
  "Another person on a ticket's page."
  type TicketViewer {
    user: User!
    """
    Whether they are typing (a reply or a note). Shown only to staff who work the ticket: to anyone
    else (its requester) it is always false.
    """
    typing: Boolean!
  }

  extend type Mutation {
    """
    Says you are on the ticket's page, typing or not: send it every 10 s or so while the page is open
    (you are on it for 30 s after the last one) and whenever typing changes. For people who may see the
    ticket (NOT_FOUND otherwise); not for API keys.
    """
    reportTicketPresence(number: String!, typing: Boolean!): Boolean!
  }

  extend type Subscription {
    """
    The other people on a ticket you may see, at once and whenever the list changes: who came, who is
    typing, who left (closed the page, or sent no heartbeat for 30 s). Ends like ticketEvents.
    """
    ticketPresence(number: String!): [TicketViewer!]!
  }
`;

export const resolvers: Resolvers = {
  Mutation: {
    reportTicketPresence: (_, args, ctx) => reportPresence(ctx, args.number, args.typing),
  },
  Subscription: {
    ticketPresence: {
      subscribe: (_, args, ctx) => openPresenceStream(ctx, args.number),
      resolve: unwrap,
    },
  },
  TicketViewer: {
    user: (v, _, ctx) => ctx.users.load(v.userId),
  },
};
