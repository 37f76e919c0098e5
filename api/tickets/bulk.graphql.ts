// Bulk actions over GraphQL: one action on a selection of tickets (the board's or the queue's), every
// ticket answered with its outcome in words. Thin over the ticket service's bulk (platform/tickets/bulk.ts),
// which sends each ticket through the same single change and engine checks as one change.
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';

export const typeDefs = /* GraphQL */ `
  "What happened to one ticket of a bulk action."
  enum BulkOutcome {
    "The change was made."
    APPLIED
    "The ticket's process or your rights refused it: the message says why."
    REFUSED
    "No such ticket, or not yours to see."
    NOT_FOUND
    "The ticket already was as asked: nothing was sent."
    UNCHANGED
    "The ticket did not answer: retry with the same bulkId (nothing is applied twice)."
    FAILED
  }

  "Assign the tickets; userId null gives them back (unassigned)."
  input BulkAssignInput {
    userId: ID
  }

  "Take a transition, by its key, on every ticket whose state has it; 'fields' as moveTicket's."
  input BulkTransitionInput {
    key: String!
    fields: JSON
  }

  "Exactly one action."
  input BulkActionInput {
    assign: BulkAssignInput
    priority: Priority
    transition: BulkTransitionInput
    "A macro's id: applies it to each ticket."
    macro: ID
  }

  input BulkUpdateTicketsInput {
    """
    Your id for this bulk action: sent again (a retry after a network error), it applies nothing twice and
    answers the same. The same id with another action is CONFLICT.
    """
    bulkId: String!
    "Ticket numbers, each once, at most 200."
    numbers: [String!]!
    action: BulkActionInput!
  }

  "One ticket's result in a bulk action."
  type BulkTicketResult {
    number: String!
    "Null for a ticket you may not see."
    title: String
    outcome: BulkOutcome!
    "What happened, in words made from labels."
    message: String!
    "The ticket as it is now; null for one you may not see."
    ticket: Ticket
  }

  "Every ticket of a bulk action with its result, in the order asked; some may be applied while others are refused."
  type BulkResult {
    results: [BulkTicketResult!]!
    applied: Int!
    refused: Int!
  }

  extend type Query {
    "The tickets of a selection you may see, in the order asked (at most 200): what a bulk action offers comes from them."
    ticketsByNumbers(numbers: [String!]!): [Ticket!]!
  }

  extend type Mutation {
    """
    One action on many tickets (agents, coordinators, admins): assign, priority, a transition where it
    applies, a macro. Each ticket goes through the same checks as a single change; the answer lists every
    ticket with its outcome. Bad input (no tickets, more than 200, a number twice, not exactly one
    action) is BAD_USER_INPUT and changes nothing.
    """
    bulkUpdateTickets(input: BulkUpdateTicketsInput!): BulkResult!
  }
`;

type ActionInput = {
  assign?: { userId?: string | null } | null;
  priority?: string | null;
  transition?: { key: string; fields?: unknown } | null;
  macro?: string | null;
};

/** The GraphQL action as the service takes it (bulk-request.ts): what was left out (null) dropped, so
 * that the service can tell none or several kinds from exactly one. */
function actionOf(input: ActionInput): Record<string, unknown> {
  const { assign, priority, transition, macro } = input;
  return {
    ...(assign && { assign: assign.userId ?? null }),
    ...(priority && { priority }),
    ...(transition && {
      transition: transition.key,
      ...(transition.fields !== null && transition.fields !== undefined && { fields: transition.fields }),
    }),
    ...(macro && { macro }),
  };
}

export const resolvers: Resolvers = {
  Query: {
    ticketsByNumbers: (_, { numbers }, ctx) =>
      ctx.services.tickets.selection(asPerson(requirePerson(ctx.viewer)), numbers),
  },
  Mutation: {
    bulkUpdateTickets: (_, { input }, ctx) =>
      ctx.services.tickets.bulk(asPerson(requirePerson(ctx.viewer)), {
        bulkId: input.bulkId,
        numbers: input.numbers,
        action: actionOf(input.action),
      }),
  },
};
