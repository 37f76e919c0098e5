// Changing a ticket over GraphQL, beside moves (tickets.graphql.ts): assignment (agents claim,
// coordinators assign), priority, field values, comments. Who may change what is the ticket engine's decision
// (workflows/ticket/checks.ts): staff work the tickets of their groups.
import type { TicketSnapshot } from '../../workflows/ticket/model.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import { commentSlot } from '../drafts/service.js';
import { afterChange } from './change-answers.js';

export const typeDefs = /* GraphQL */ `
  enum CommentVisibility {
    "The requester sees it."
    public
    "Staff only."
    internal
  }

  extend type Mutation {
    """
    Assigns a ticket (coordinators of its group and admins) to someone who works in its group, or an admin
    (BAD_USER_INPUT on userId otherwise); userId null gives it back. Agents claim with claimTicket.
    """
    assignTicket(number: String!, userId: ID, expectedVersion: Int, updateId: String): Ticket!
    "Takes a ticket of your group for yourself."
    claimTicket(number: String!, expectedVersion: Int, updateId: String): Ticket!
    "Sets the priority (coordinators of the ticket's group and admins)."
    setTicketPriority(number: String!, priority: Priority!, expectedVersion: Int, updateId: String): Ticket!
    """
    Sets field values (staff of the ticket's group and admins, while it is open): values by field key, long
    texts as text. Every bad value is answered at once (BAD_USER_INPUT with extensions.problems) and none
    is set.
    """
    setTicketFields(number: String!, fields: JSON!, expectedVersion: Int, updateId: String): Ticket!
    "Adds a public reply (the requester, staff of the ticket's group, admins) or an internal note (staff of the ticket's group, admins)."
    addComment(number: String!, body: String!, visibility: CommentVisibility = public, updateId: String): Ticket!
  }
`;

type Change = { number: string; expectedVersion?: number | null; updateId?: string | null };

/** The optional parts of a change request, without nulls. */
const options = (args: Change) => ({
  ...(args.expectedVersion !== undefined && args.expectedVersion !== null && { expectedVersion: args.expectedVersion }),
  ...(args.updateId && { updateId: args.updateId }),
});

/** A change by the signed-in person to a ticket they may see; answers the ticket as it is now. */
async function work(
  ctx: GraphQLContext,
  number: string,
  run: (person: ReturnType<typeof asPerson>) => Promise<TicketSnapshot>,
) {
  const person = asPerson(requirePerson(ctx.viewer));
  const before = await ctx.services.tickets.read({ kind: 'person', person }, number);
  return afterChange(ctx.db, person, before, await run(person));
}

export const resolvers: Resolvers = {
  Mutation: {
    assignTicket: (_, args, ctx) =>
      work(ctx, args.number, (person) =>
        ctx.services.tickets.reassign(args.number, person, { userId: args.userId ?? null, ...options(args) }),
      ),
    claimTicket: (_, args, ctx) =>
      work(ctx, args.number, (person) =>
        ctx.services.tickets.reassign(args.number, person, { userId: person.userId, ...options(args) }),
      ),
    setTicketPriority: (_, args, ctx) =>
      work(ctx, args.number, (person) =>
        ctx.services.tickets.setPriority(args.number, person, { priority: args.priority, ...options(args) }),
      ),
    setTicketFields: (_, args, ctx) =>
      work(ctx, args.number, (person) =>
        ctx.services.tickets.setFields(args.number, person, { fields: args.fields, ...options(args) }),
      ),
    addComment: async (_, args, ctx) => {
      const sent = await work(ctx, args.number, (person) =>
        ctx.services.tickets.comment(args.number, person, {
          body: args.body,
          visibility: args.visibility,
          ...(args.updateId && { updateId: args.updateId }),
        }),
      );
      // The reply (or note) is sent: its draft is spent.
      const slot = commentSlot(args.visibility ?? 'public');
      await ctx.services.drafts.spent(requirePerson(ctx.viewer), sent.id, [slot]);
      return sent;
    },
  },
};
