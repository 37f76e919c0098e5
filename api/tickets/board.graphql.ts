// The board over GraphQL: the columns of a process with the tickets the viewer may see in each (open
// ones; in done columns the recently done), narrowed by the board's filters.
import { asPerson, requirePerson } from '../graphql/viewer.js';
import { BOARD_DONE_DAYS, windowFilter } from './board-queries.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

export const typeDefs = /* GraphQL */ `
  """
  A process's board: its columns, each with the tickets you may see that match the filter. Columns
  of states that are not done hold open tickets; done columns hold the tickets done within the last
  ${BOARD_DONE_DAYS} days (BOARD_DONE_DAYS), newest first like the others.
  """
  type Board {
    "The latest version, whose states make the columns."
    process: ProcessRef!
    "The states of the latest version in definition order, then states only older versions have."
    columns: [BoardColumn!]!
  }

  "One state of a process, and the tickets you may see in it that match the board's filter."
  type BoardColumn {
    "The state's key."
    state: String!
    label: String!
    "new, active, waiting or done."
    category: String!
    "How many tickets you may see the column holds that match the filter (open; done recently in a done column)."
    count: Int!
    "How many tickets you may see the column holds, the filter aside (count of them match it)."
    unfilteredCount: Int!
    """
    For a done column, the start of its window: tickets done since then (${BOARD_DONE_DAYS} days before the
    board was read) show in it. Null for the other columns, which hold open tickets.
    """
    doneSince: DateTime
    """
    The newest of those tickets, the board's first of them; for the next page of the column, ask again
    with after: cards.pageInfo.endCursor (the same page as tickets(filter: { process, state, open: true,
    ...the board's filter }), or for a done column doneSince instead of open).
    """
    cards(
      "Cards after this cursor, a previous page's endCursor."
      after: String
      "How many (at most 200); the board's first when omitted."
      first: Int
    ): TicketConnection!
    "True for a state the latest version lacks, where tickets of older versions still are."
    fromOlderVersion: Boolean!
  }

  "Which tickets a board shows; every condition given must hold (the same as TicketFilter's)."
  input BoardFilter {
    "Tickets of this group's queue."
    group: String
    "Tickets assigned to this person (a board's 'mine': your own id)."
    assignee: ID
    "Tickets this person asked for."
    requester: ID
    priority: Priority
    "Tickets with an SLA clock at risk or breached."
    sla: SlaFilter
    "Words in the title."
    text: String
  }

  extend type Query {
    "The board of a process (first: cards per column, at most 200), narrowed by the filter."
    board(processKey: String!, first: Int = 50, filter: BoardFilter): Board!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    board: (_, args, ctx) =>
      ctx.services.board.board(asPerson(requirePerson(ctx.viewer)), args.processKey, args.first, args.filter),
  },
  BoardColumn: {
    /** The board read the first page of every column at once; later pages are read one column at a time. */
    cards: async (column, args, ctx) => {
      const first = args.first ?? column.pageSize;
      if (!args.after && first === column.pageSize) return column.cards;
      const filter = {
        ...column.filter,
        process: column.processKey,
        state: column.state,
        ...windowFilter(column.window),
      };
      const page = await ctx.services.board.column(asPerson(requirePerson(ctx.viewer)), filter, {
        first,
        after: args.after,
      });
      return {
        nodes: page.nodes,
        totalCount: page.totalCount,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  },
};
