// The queue over GraphQL (issue 18): one list of the tickets a person may see, across processes, by a
// saved view or a filter, sorted and paged by cursor (`queue`); its count, live (`queueCount`); and the
// saved views (`views`, createView, updateView, deleteView, setDefaultView). Staff only. `queue` without
// a view or filter answers the person's default view, so the page's first query needs no other first.
import { requireStaff } from '../../platform/people/roles.js';
import { countQueue, listQueue, type QueueSort } from '../../platform/queue/queue-query.js';
import { withoutNulls } from '../../platform/queue/view-input.js';
import type { QueueView, ViewService } from '../../platform/queue/views.js';
import type { Person } from '../../workflows/ticket/model.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import type { GraphQLContext } from '../graphql/context.js';
import { openQueueCountStream } from './queue-count.js';

export const typeDefs = /* GraphQL */ `
  "How the queue orders tickets. SLA: the earliest running SLA deadline first, tickets without one last."
  enum QueueSort {
    SLA
    "Urgent first, then newest."
    PRIORITY
    "Last changed first."
    UPDATED
    "Newest first."
    CREATED
  }

  enum QueueViewKind {
    "Every staff person has it; it cannot change."
    BUILT_IN
    "Yours alone."
    PERSONAL
    "Shared with a group: its members see it, its coordinators and admins change it."
    SHARED
  }

  "A saved way of looking at the queue: a filter, a sort and the columns shown."
  type QueueView {
    "A built-in view's key (mine, unassigned, open) or a saved view's id."
    id: ID!
    name: String!
    kind: QueueViewKind!
    "The group a shared view is shared with."
    group: String
    "The view's TicketFilter, instants as ISO 8601 text."
    filter: JSON!
    sort: QueueSort!
    "The columns shown, in order: number, title, state, priority, sla, assignee, group, process, updated, created."
    columns: [String!]!
    "Where you land after sign-in."
    isDefault: Boolean!
    "Whether you may change or remove it."
    mayEdit: Boolean!
  }

  "A view to save. With 'group', shared with that group (its coordinators and admins only)."
  input QueueViewInput {
    name: String
    group: String
    filter: TicketFilter
    sort: QueueSort
    columns: [String!]
  }

  extend type Query {
    """
    The tickets you may see across processes (staff). With 'view', that view's filter and sort, the
    'filter' given adding to it and 'sort' replacing its own; with only 'filter', that filter; with
    neither, your default view. Paged by 'after' (a pageInfo.endCursor of the same sort).
    """
    queue(view: ID, filter: TicketFilter, sort: QueueSort, first: Int = 50, after: String): TicketConnection!
    "Your queue views: the built-in ones, your own, and those shared with your groups (staff)."
    views: [QueueView!]!
  }

  extend type Mutation {
    "Saves a view: yours, or with 'group' shared with that group (its coordinators and admins)."
    createView(input: QueueViewInput!): QueueView!
    "Changes a view you may change: what 'input' names, the rest as it was. A view's group does not change."
    updateView(id: ID!, input: QueueViewInput!): QueueView!
    "Removes a view you may change; answers its id."
    deleteView(id: ID!): ID!
    "Makes a view you see your default: where you land after sign-in."
    setDefaultView(id: ID!): QueueView!
  }

  extend type Subscription {
    """
    How many tickets the queue holds (as queue's totalCount, with the same arguments): at once, then
    each time it changes, at most about once a second.
    """
    queueCount(view: ID, filter: TicketFilter): Int!
  }
`;

/** What a queue request lists: a view's filter with the given one on top, a filter alone, or the default view. */
export async function queueRequest(
  views: ViewService,
  person: Person,
  args: { view?: string | null; filter?: unknown; sort?: QueueSort | null },
): Promise<{ filter: Record<string, unknown>; sort: QueueSort }> {
  const given = (withoutNulls(args.filter ?? null) ?? null) as Record<string, unknown> | null;
  let view: QueueView | null = null;
  if (args.view) view = await views.get(person, args.view);
  else if (!given) view = await views.defaultView(person);
  return { filter: { ...view?.filter, ...given }, sort: args.sort ?? view?.sort ?? 'SLA' };
}

const staffPerson = (ctx: GraphQLContext, what: string) => {
  const person = asPerson(requirePerson(ctx.viewer));
  requireStaff(person, what);
  return person;
};

export const resolvers: Resolvers = {
  Query: {
    queue: async (_, args, ctx) => {
      const person = staffPerson(ctx, 'have a queue');
      const { filter, sort } = await queueRequest(ctx.services.views, person, args);
      const page = await listQueue(ctx.db, person, filter, { sort, first: args.first ?? 50, after: args.after });
      for (const row of page.nodes) if (row.assignee_user) ctx.users.prime(row.assignee_user);
      return {
        nodes: page.nodes,
        totalCount: page.totalCount,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
    views: (_, __, ctx) => ctx.services.views.list(asPerson(requirePerson(ctx.viewer))),
  },
  Mutation: {
    createView: (_, args, ctx) => ctx.services.views.create(asPerson(requirePerson(ctx.viewer)), args.input),
    updateView: (_, args, ctx) => ctx.services.views.update(asPerson(requirePerson(ctx.viewer)), args.id, args.input),
    deleteView: (_, args, ctx) => ctx.services.views.remove(asPerson(requirePerson(ctx.viewer)), args.id),
    setDefaultView: (_, args, ctx) => ctx.services.views.setDefault(asPerson(requirePerson(ctx.viewer)), args.id),
  },
  Subscription: {
    queueCount: {
      subscribe: (_, args, ctx) =>
        openQueueCountStream(ctx, (person) => queueRequest(ctx.services.views, person, args), countQueue),
      resolve: (outcome: number | Error) => {
        if (outcome instanceof Error) throw outcome;
        return outcome;
      },
    },
  },
};
