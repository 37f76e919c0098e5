// The search query the palette and the results page send (api/search/search.graphql.ts): the ticket a
// number names, and a page of hits with their snippets as marked parts.
import { graphql, type ResultOf } from '../graphql';

export const SearchTickets = graphql(`
  query SearchTickets($query: String!, $first: Int, $after: String) {
    search(query: $query, first: $first, after: $after) {
      jumpTo {
        number
        title
      }
      hits {
        rank
        ticket {
          number
          title
          state
          category
        }
        snippet {
          text
          match
        }
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type SearchResult = ResultOf<typeof SearchTickets>['search'];
export type SearchHit = SearchResult['hits'][number];

/** The server's limit on a query's length (platform/search/ticket-search.ts). */
export const MAX_QUERY_CHARS = 200;
