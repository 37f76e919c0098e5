// Search over GraphQL: a thin resolver over platform/search/ticket-search.ts. For people only (an API
// key has its own ticket reads, scoped by process; search would be a second, wider door).
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';

export const typeDefs = /* GraphQL */ `
  "What a search found."
  type SearchResults {
    "The ticket the query names by its number (IT-000123, it-123, IT123), when you may see it."
    jumpTo: Ticket
    "Tickets whose text you may read matches the words, best first."
    hits: [SearchHit!]!
    "How many tickets match in all."
    totalCount: Int!
    pageInfo: PageInfo!
  }

  "A ticket that matches, with where."
  type SearchHit {
    ticket: Ticket!
    "Higher is better: words in the title count most, then the description, then comments."
    rank: Float!
    "A passage or two of the ticket's text around the words, the words themselves marked."
    snippet: [SnippetPart!]!
  }

  "A piece of a snippet: plain text, or a word the search matched."
  type SnippetPart {
    text: String!
    match: Boolean!
  }

  extend type Query {
    """
    Tickets you may see by their text: title, description, public comments, and internal notes of the
    tickets you work. Web search syntax: "a phrase", or, -word. A ticket number also answers jumpTo.
    At most 200 characters; first at most 50.
    """
    search(query: String!, first: Int = 20, after: String): SearchResults!
  }
`;

export const resolvers: Resolvers = {
  Query: {
    search: async (_, args, ctx) => {
      const person = asPerson(requirePerson(ctx.viewer));
      const found = await ctx.services.tickets.search(person, args);
      return {
        jumpTo: found.jumpTo,
        hits: found.hits,
        totalCount: found.totalCount,
        pageInfo: { hasNextPage: found.hasNextPage, endCursor: found.endCursor },
      };
    },
  },
};
