// Tickets over GraphQL: the schema and thin resolvers over the ticket service and the read side. A
// board drop names the target state; the resolver finds the transition that leads there.
import { AppError } from '../../platform/errors.js';
import type { TicketRow } from '../../platform/tickets/service.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, readerOf, requirePerson, ticketCaller } from '../graphql/viewer.js';
import { moveSlot } from '../drafts/service.js';
import { checkDrop } from './board-drop.js';
import { afterChange, storedRow } from './change-answers.js';

export const typeDefs = /* GraphQL */ `
  "A piece of work following one version of a process; its workflow is the source of truth."
  type Ticket {
    "The ticket number, e.g. IT-000123; also its workflow id."
    number: String!
    title: String!
    "The process and the version this ticket follows."
    process: ProcessRef!
    "The state the ticket is in (a key of its process version)."
    state: String
    "new, active, waiting or done."
    category: String
    priority: Priority!
    "The group whose queue holds the ticket."
    group: String!
    "Who works the ticket, if anyone."
    assignee: User
    "Field values by key; long texts as { text: id }. Only the fields the reader may see (a field's visibleTo)."
    fields: JSON!
    "Counts the changes a move's expectedVersion refers to."
    version: Int!
    "SLA clocks by key: status, deadline, at risk, breached."
    slas: JSON!
    "The transitions that leave the current state."
    transitions: [TransitionRef!]!
    createdAt: DateTime!
    updatedAt: DateTime!
    "Set when the read model could not store part of this ticket; an operator looks."
    projectionError: JSON
    "The ticket's workflow in the Temporal Web UI (staff only)."
    workflowUrl: String
  }

  "A process version, by key and number."
  type ProcessRef {
    key: String!
    version: Int!
  }

  "A way out of the ticket's current state."
  type TransitionRef {
    key: String!
    label: String!
    "The state it leads to."
    to: String!
    "Who may take it: roles, requester, system."
    by: [String!]!
    "Fields the move must carry (or the ticket already have)."
    requires: [String!]!
  }

  enum Priority {
    low
    normal
    high
    urgent
  }

  "Which tickets to list; every condition must hold."
  input TicketFilter {
    process: String
    state: String
    group: String
    assignee: ID
    requester: ID
    priority: Priority
    "Tickets with an SLA clock at risk or breached."
    sla: SlaFilter
    "Open (not done) or done tickets only."
    open: Boolean
    "Tickets done at or after this time (a board's done column: its doneSince)."
    doneSince: DateTime
    "Words of the ticket's text you may read: title, description, comments (full text, as search finds them)."
    text: String
    "The state's category: new, active, waiting or done."
    category: String
    "Tickets nobody works (true), or only those someone does (false)."
    unassigned: Boolean
    "Tickets assigned to you (true), or not to you (false)."
    mine: Boolean
    "Created at or after this time."
    createdAfter: DateTime
    "Created before this time."
    createdBefore: DateTime
    "Done at or after this time (doneSince's other name)."
    doneAfter: DateTime
    "Done before this time."
    doneBefore: DateTime
    "Answered in public by staff who work the ticket, or not yet (the reports' first response)."
    firstResponse: FirstResponseFilter
  }

  enum FirstResponseFilter {
    "Staff who work the ticket have replied in public."
    ANSWERED
    "No public reply by staff who work the ticket yet."
    UNANSWERED
  }

  enum SlaFilter {
    AT_RISK
    BREACHED
    "The ticket has SLA clocks, all stopped, none breached."
    MET
  }

  "A page of tickets, newest first."
  type TicketConnection {
    nodes: [Ticket!]!
    totalCount: Int!
    pageInfo: PageInfo!
  }

  type PageInfo {
    hasNextPage: Boolean!
    "Pass as 'after' for the next page."
    endCursor: String
  }

  "A new ticket."
  input CreateTicketInput {
    "The process key, e.g. it-support."
    process: String!
    title: String!
    description: String
    "Field values by key."
    fields: JSON
    priority: Priority
    "Your id for this request: sent again (after UNAVAILABLE, say), it makes no second ticket."
    idempotencyKey: String
    "Who asks, for tickets an external system creates (required then); people submit as themselves and may not set it."
    requester: RequesterInput
  }

  "Someone without an account (or with one, found by email) on whose behalf a system submits a ticket."
  input RequesterInput {
    name: String!
    email: String!
  }

  extend type Query {
    "A ticket you may see, by number. API keys with readTickets see the tickets of their processes."
    ticket(number: String!): Ticket
    "Tickets you may see, newest first."
    tickets(filter: TicketFilter, first: Int = 50, after: String): TicketConnection!
  }

  extend type Mutation {
    "Submits a ticket; you are its requester. An API key with createTickets submits for 'requester', and reads of the answer only number, process, state, category and version unless it has readTickets."
    createTicket(input: CreateTicketInput!): Ticket!
    """
    Moves a ticket to a state (a board drop). When more than one transition you may take leads there,
    name one in 'transition'. Fields the transition requires come in 'fields'. With 'expectedVersion',
    a ticket changed meanwhile answers CONFLICT. 'updateId' makes a retry after UNAVAILABLE safe.
    """
    moveTicket(
      number: String!
      toState: String!
      transition: String
      fields: JSON
      expectedVersion: Int
      updateId: String
    ): Ticket!
  }
`;

/** A column as stored: at once for a row as read, once read for one put together from a change's answer. */
function stored<T>(ctx: GraphQLContext, t: TicketRow, column: (row: TicketRow) => T): T | Promise<T> {
  const row = storedRow(ctx.db, t);
  return row instanceof Promise ? row.then(column) : column(row);
}

export const resolvers: Resolvers = {
  Query: {
    ticket: async (_, args, ctx) => {
      return ctx.services.tickets.read(ticketCaller(ctx.viewer), args.number).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
        throw error;
      });
    },
    tickets: async (_, args, ctx) => {
      const person = asPerson(requirePerson(ctx.viewer));
      const page = await ctx.services.tickets.list(person, args.filter, args);
      return {
        nodes: page.nodes,
        totalCount: page.totalCount,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  },
  Mutation: {
    createTicket: (_, args, ctx) =>
      // GraphQL clients send null for what they leave out.
      ctx.services.tickets.submit(
        ticketCaller(ctx.viewer),
        Object.fromEntries(Object.entries(args.input).filter(([, v]) => v !== null)),
      ),
    moveTicket: async (_, args, ctx) => {
      const person = asPerson(requirePerson(ctx.viewer));
      const ticket = await ctx.services.tickets.read({ kind: 'person', person }, args.number);
      const checked = await checkDrop(ctx, person, ticket, {
        toState: args.toState,
        ...(args.transition && { transition: args.transition }),
        // Versions only grow: a drop made against an older one is stale whatever the state is now.
        ...(args.expectedVersion !== undefined &&
          args.expectedVersion !== null && { expectedVersion: args.expectedVersion }),
        ...(args.updateId && { updateId: args.updateId }),
      });
      if ('answer' in checked) return afterChange(ctx.db, person, ticket, checked.answer);
      const moved = await ctx.services.tickets.move(
        args.number,
        person,
        {
          transition: checked.transition,
          ...(args.fields !== undefined && args.fields !== null && { fields: args.fields }),
          ...(args.expectedVersion !== undefined &&
            args.expectedVersion !== null && { expectedVersion: args.expectedVersion }),
          ...(args.updateId && { updateId: args.updateId }),
        },
        ticket,
      );
      // The move is made: the fields drafted for its transition are spent.
      await ctx.services.drafts.spent(requirePerson(ctx.viewer), ticket.id, [moveSlot(checked.transition)]);
      return afterChange(ctx.db, person, ticket, moved);
    },
  },
  Ticket: {
    process: (t) => ({ key: t.process_key, version: t.process_version }),
    group: (t) => t.group_key,
    fields: (t, _, ctx) => ctx.services.tickets.fieldsFor(readerOf(ctx.viewer), t),
    assignee: (t, _, ctx) => (t.assignee_id ? ctx.users.load(t.assignee_id) : null),
    createdAt: (t) => t.created_at,
    updatedAt: (t, _, ctx) => stored(ctx, t, (row) => row.updated_at),
    projectionError: (t, _, ctx) => stored(ctx, t, (row) => row.projection_error),
    transitions: (t, _, ctx) => ctx.services.tickets.transitionsOf(t),
    workflowUrl: (t, _, ctx) => {
      const viewer = ctx.viewer;
      if (viewer.kind !== 'person' || !isStaffRole(viewer.user.role)) return null;
      return `${ctx.temporalUiUrl}/namespaces/${encodeURIComponent(ctx.namespace)}/workflows/${encodeURIComponent(t.number)}`;
    },
  },
};
