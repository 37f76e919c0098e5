// The queue page's first query: the views and the first page of the queue together (with no view or
// filter in the address, the server answers the default view: no chain of requests). A module of its
// own because the page load's early requests (boot/early.ts) send it too, before the app has loaded.
import { graphql } from '../graphql';

export const QueueRow = graphql(`
  fragment QueueRow on Ticket {
    number
    title
    state
    category
    priority
    group
    process {
      key
    }
    assignee {
      id
      name
    }
    requester {
      name
      user {
        id
      }
    }
    slas
    updatedAt
    createdAt
  }
`);

export const QueuePageQuery = graphql(
  `
    query QueuePage($view: ID, $filter: TicketFilter, $sort: QueueSort, $after: String) {
      views {
        id
        name
        kind
        group
        filter
        sort
        columns
        isDefault
        mayEdit
      }
      queue(view: $view, filter: $filter, sort: $sort, first: 50, after: $after) {
        totalCount
        nodes {
          ...QueueRow
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [QueueRow],
);
