// The board over GraphQL: the columns of a process with the open tickets the viewer may see in each.
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import { boardOf } from './board.js';
import { listVisibleTickets } from './queries.js';

type Column = Awaited<ReturnType<typeof boardOf>>['columns'][number];

export const typeDefs = /* GraphQL */ `
  "A process's board: its columns, each with the open tickets you may see."
  type Board {
    "The latest version, whose states make the columns."
    process: ProcessRef!
    "The states of the latest version in definition order, then states only older versions have."
    columns: [BoardColumn!]!
  }

  "One state of a process, and the open tickets you may see in it."
  type BoardColumn {
    "The state's key."
    state: String!
    label: String!
    "new, active, waiting or done."
    category: String!
    "How many open tickets you may see are in this state."
    count: Int!
    """
    The newest of those tickets, the board's first of them; for the next page of the column, ask again
    with after: cards.pageInfo.endCursor (the same page as tickets(filter: { process, state, open: true })).
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

  extend type Query {
    "The board of a process (first: cards per column, at most 200)."
    board(processKey: String!, first: Int = 50): Board!
  }
`;

export const resolvers = {
  Query: {
    board: (_: unknown, args: { processKey: string; first: number }, ctx: GraphQLContext) =>
      boardOf(ctx.db, asPerson(requirePerson(ctx.viewer)), args.processKey, args.first),
  },
  BoardColumn: {
    /** The board read the first page of every column at once; later pages are read one column at a time. */
    cards: async (column: Column, args: { after?: string | null; first?: number | null }, ctx: GraphQLContext) => {
      const first = args.first ?? column.pageSize;
      if (!args.after && first === column.pageSize) return column.cards;
      const filter = { process: column.processKey, state: column.state, open: true };
      const page = await listVisibleTickets(ctx.db, asPerson(requirePerson(ctx.viewer)), filter, {
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
