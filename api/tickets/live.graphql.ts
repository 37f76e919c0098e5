// Live updates over GraphQL subscriptions (server-sent events: POST or GET /graphql with
// `Accept: text/event-stream`): a process's board and one ticket, as the read model commits changes.
import type { Resolvers } from '../graphql/resolvers-types.js';
import { openBoardStream, openTicketStream } from './live.js';

export const typeDefs = /* GraphQL */ `
  "A change to a ticket, once the read model has it."
  type TicketEvent {
    "The ticket as it is after the change."
    ticket: Ticket!
    "The timeline events the change added that you may see, oldest first (internal notes for staff only)."
    events: [TimelineEvent!]!
    "The ticket's seq after the change: the last one you got is ticketEvents' afterSeq when you resume."
    seq: Int!
    "When this server read the change: the last one you got is boardEvents' since when you resume."
    observedAt: DateTime!
  }

  extend type Subscription {
    """
    Every change of the tickets of a process that you may see, as it is committed (a ticket that
    leaves your view stops appearing). To resume after a dropped connection, pass the observedAt of
    the last event you got as 'since': the changes of the tickets changed since then come first
    (possibly some you have: drop those by ticket number and seq), then the stream goes on live.
    The stream ends with UNAUTHENTICATED when your account is deactivated, and with reason
    TOKEN_EXPIRED when your access token expires: renew it (refreshToken) and resume.
    """
    boardEvents(processKey: String!, since: DateTime): TicketEvent!
    """
    Every change of one ticket you may see. To resume without losing anything, pass the seq of the
    last event you got as 'afterSeq': every change after it comes first, then the stream goes on live;
    no change comes twice. Ends like boardEvents (UNAUTHENTICATED, reason TOKEN_EXPIRED: renew, resume).
    """
    ticketEvents(number: String!, afterSeq: Int): TicketEvent!
  }
`;

/** A stream's last word is an error (deactivated, token expired): it reaches the client coded. */
export const unwrap = <T>(outcome: T | Error): T => {
  if (outcome instanceof Error) throw outcome;
  return outcome;
};

export const resolvers: Resolvers = {
  Subscription: {
    boardEvents: {
      subscribe: (_, args, ctx) => openBoardStream(ctx, args.processKey, args.since ?? null),
      resolve: unwrap,
    },
    ticketEvents: {
      subscribe: (_, args, ctx) => openTicketStream(ctx, args.number, args.afterSeq ?? null),
      resolve: unwrap,
    },
  },
};
