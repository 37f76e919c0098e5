// Signals over GraphQL: an external system (with an API key) tells a ticket that something happened
// elsewhere — the requester replied by email, the Jira issue was resolved. The ticket's process says
// what each signal does in which state; the key's scope says which tickets and signals it may touch.
import { AppError } from '../../platform/errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson, requireAdmin } from '../graphql/viewer.js';
import { findSystemTicket, findVisibleTicket } from '../../platform/tickets/queries.js';
import { findTicket, getProcessVersion } from '../../platform/tickets/store.js';
import type { Caller } from '../../platform/tickets/request-keys.js';

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

interface SignalArgs {
  number: string;
  signal: string;
  payload?: unknown;
  idempotencyKey: string;
}

export const resolvers = {
  Mutation: {
    signalTicket: async (_: unknown, args: SignalArgs, ctx: GraphQLContext) => {
      const viewer = ctx.viewer;
      let source: string;
      let caller: Caller;
      let readBack: () => ReturnType<typeof findVisibleTicket>;
      if (viewer.kind === 'system') {
        const { key } = viewer;
        await ctx.rateLimits.signal(key.id);
        // The scope first: a key refused a signal is refused it for every number, so that it cannot
        // tell which tickets exist. Then a ticket of a process outside the scope does not exist for it.
        if (!key.scope.signals.includes(args.signal))
          throw new AppError('FORBIDDEN', `this API key may not send the signal "${args.signal}"`, {
            reason: 'NOT_IN_SCOPE',
          });
        await findSystemTicket(ctx.db, key.scope, args.number);
        source = key.name;
        caller = `api-key:${key.id}`;
        readBack = () => findSystemTicket(ctx.db, key.scope, args.number);
      } else {
        const admin = requireAdmin(viewer);
        source = `admin:${admin.email}`;
        caller = `person:${admin.id}`;
        readBack = () => findVisibleTicket(ctx.db, asPerson(admin), args.number);
      }
      const before = await findTicket(ctx.db, args.number);
      const outcome = await ctx.services.tickets.signal(
        args.number,
        {
          name: args.signal,
          payload: args.payload ?? {},
          idempotencyKey: args.idempotencyKey,
          source,
        },
        caller,
      );
      const { definition } = await getProcessVersion(ctx.db, before.process_key, before.process_version);
      const effect = definition.signals?.find((s) => s.name === args.signal)?.effect;
      return {
        duplicate: outcome.duplicate,
        effect: outcome.duplicate
          ? 'NONE'
          : effect?.kind === 'transition'
            ? 'TRANSITION'
            : effect?.as === 'comment'
              ? 'COMMENT'
              : 'EVENT',
        transition: !outcome.duplicate && effect?.kind === 'transition' ? effect.transition : null,
        previousState: before.state,
        ticket: await readBack(),
      };
    },
  },
};
