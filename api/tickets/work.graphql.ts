// Working a ticket over GraphQL: assignment (agents claim, coordinators assign), priority, comments,
// and the timeline of everything that happened to it, refused moves included. Who may change what is
// the ticket engine's decision (workflows/ticket/checks.ts): staff work the tickets of their groups.
import type { Selectable } from 'kysely';
import type { TicketsTable } from '../../platform/store/schema.js';
import type { TicketSnapshot } from '../../workflows/ticket/model.js';
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import { afterChange } from './changed.js';
import { findVisibleTicket } from '../../platform/tickets/queries.js';
import { readTimeline } from '../../platform/tickets/store.js';
import { visibleEvents, worksOnTicket } from '../../platform/tickets/timeline.js';

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

  enum CommentVisibility {
    "The requester sees it."
    public
    "Staff only."
    internal
  }

  extend type Ticket {
    "Every event, oldest first, and every refused change; internal notes only for staff of the ticket's group and admins."
    timeline: [TimelineEvent!]!
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
    "Adds a public reply (the requester, staff of the ticket's group, admins) or an internal note (staff of the ticket's group, admins)."
    addComment(number: String!, body: String!, visibility: CommentVisibility = public, updateId: String): Ticket!
  }
`;

type TicketRow = Selectable<TicketsTable>;
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
  const before = await findVisibleTicket(ctx.db, person, number);
  return afterChange(ctx.db, person, before, await run(person));
}

export const resolvers = {
  Mutation: {
    assignTicket: (_: unknown, args: Change & { userId?: string | null }, ctx: GraphQLContext) =>
      work(ctx, args.number, (person) =>
        ctx.services.tickets.reassign(args.number, person, { userId: args.userId ?? null, ...options(args) }),
      ),
    claimTicket: (_: unknown, args: Change, ctx: GraphQLContext) =>
      work(ctx, args.number, (person) =>
        ctx.services.tickets.reassign(args.number, person, { userId: person.userId, ...options(args) }),
      ),
    setTicketPriority: (_: unknown, args: Change & { priority: string }, ctx: GraphQLContext) =>
      work(ctx, args.number, (person) =>
        ctx.services.tickets.setPriority(args.number, person, { priority: args.priority, ...options(args) }),
      ),
    addComment: (_: unknown, args: Change & { body: string; visibility: string }, ctx: GraphQLContext) =>
      work(ctx, args.number, (person) =>
        ctx.services.tickets.comment(args.number, person, {
          body: args.body,
          visibility: args.visibility,
          ...(args.updateId && { updateId: args.updateId }),
        }),
      ),
  },
  Ticket: {
    timeline: async (t: TicketRow, _: unknown, ctx: GraphQLContext) => {
      const viewer = requirePerson(ctx.viewer);
      // Those who work the ticket see everything; anyone else (its requester) what is theirs to see.
      const staff = await worksOnTicket(ctx.db, asPerson(viewer), t.group_key);
      const { events, refused } = await readTimeline(ctx.db, { id: t.id, number: t.number });
      return [
        ...(await visibleEvents(ctx.db, t, staff, events)),
        // Those who work the ticket see every refused change; a requester sees their own.
        ...refused
          .filter((r) => staff || r.actor === viewer.id)
          .map((r) => ({
            seq: null,
            type: 'refused',
            at: r.at,
            // A system (a signal's source: an API key's, a webhook's, the ERP checks') by its name.
            actor: r.actor.startsWith('system:')
              ? { kind: 'system', name: r.actor.slice('system:'.length) }
              : { kind: 'person', userId: r.actor },
            data: { action: r.action, ...(r.details as object) },
            body: null,
          })),
      ].sort((a, b) => a.at.getTime() - b.at.getTime());
    },
  },
};
