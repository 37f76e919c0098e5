// Signals over GraphQL: an external system (with an API key) tells a ticket that something happened
// elsewhere — the requester replied by email, the Jira issue was resolved. The ticket's process says
// what each signal does in which state; the key's scope says which tickets and signals it may touch.
import type { Resolvers } from '../graphql/resolvers-types.js';
import { ticketCaller } from '../graphql/viewer.js';

export const typeDefs = /* GraphQL */ `
  "What a signal did to a ticket, as its process declares."
  enum SignalEffect {
    "It took a transition: the ticket moved."
    TRANSITION
    "It was recorded on the timeline as an event."
    EVENT
    "It was recorded as an internal comment (staff of the ticket's group read it)."
    COMMENT
    "Nothing: this idempotency key was delivered before."
    NONE
  }

  "What a signal did."
  type SignalResult {
    "True when this idempotency key was delivered before: nothing happened a second time."
    duplicate: Boolean!
    effect: SignalEffect!
    "The transition it took, for TRANSITION."
    transition: String
    "The ticket's state before the signal; ticket.state is the state after."
    previousState: String
    "The ticket after the signal: a key without readTickets reads only number, process, state, category and version."
    ticket: Ticket!
  }

  extend type Mutation {
    """
    Delivers a signal the ticket's process declares (API keys whose scope names the ticket's process and
    the signal; admins). 'idempotencyKey' is the sender's id for this event: delivered again, it has no
    second effect and answers duplicate: true. A signal that does not apply in the ticket's state is
    INVALID_TRANSITION; one the process does not declare, BAD_USER_INPUT. Limited per key (RATE_LIMITED).
    """
    signalTicket(number: String!, signal: String!, payload: JSON, idempotencyKey: String!): SignalResult!
  }
`;

export const resolvers: Resolvers = {
  Mutation: {
    signalTicket: async (_, args, ctx) => {
      const caller = ticketCaller(ctx.viewer);
      // Limited per key before anything else is looked at.
      if (caller.kind === 'system') await ctx.rateLimits.signal(caller.key.id);
      return ctx.services.tickets.signal(caller, args.number, {
        name: args.signal,
        payload: args.payload ?? {},
        idempotencyKey: args.idempotencyKey,
      });
    },
  },
};
