// A ticket's timeline over GraphQL: everything that happened to it, refused changes included, as the
// viewer may see it (platform/tickets/timeline.ts).
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';

export const typeDefs = /* GraphQL */ `
  "Something that happened to a ticket, or a change it refused."
  type TimelineEvent {
    "The event's place in the ticket's history; refused changes have none."
    seq: Int
    "moved, entered, assigned, commented, sla_breached, refused, …"
    type: String!
    at: DateTime!
    "Who or what caused it: { kind: person, userId, role } or { kind: system, cause }."
    actor: JSON!
    "What the event carries: a move's transition, a refusal's reason, a signal's payload as it was sent (its texts read back from where they are stored; a signal recorded as an internal comment shows its payload to staff of the ticket's group only), …"
    data: JSON!
    "The comment's text, for commented events."
    body: String
  }

  extend type Ticket {
    "Every event, oldest first, and every refused change; internal notes only for staff of the ticket's group and admins."
    timeline: [TimelineEvent!]!
  }
`;

export const resolvers: Resolvers = {
  Ticket: {
    timeline: (t, _, ctx) => ctx.services.tickets.timelineOf(asPerson(requirePerson(ctx.viewer)), t),
  },
};
