// The operations of the board's live state and moves (useBoard.ts, useMoves.ts): a process's columns
// with their first cards under the filters, further pages of a column, the live stream of the
// process's changes, a move, and a ticket as it is now after a lost race. In a module of their own,
// without React, because the benchmark sends them as the page does (test/bench/web-operations.ts).
// BoardCard is what the board knows of a ticket: what its card shows, and what moving it (version,
// transitions) and matching it against the filters (group, assignee, SLAs) take.
import { graphql, type ResultOf } from '../graphql';

export const BoardCard = graphql(`
  fragment BoardCard on Ticket {
    number
    title
    state
    category
    priority
    group
    version
    createdAt
    updatedAt
    slas
    process {
      key
      version
    }
    assignee {
      id
      name
    }
    transitions {
      key
      label
      to
      by
      requires
    }
  }
`);

export type Card = ResultOf<typeof BoardCard>;

export const BoardQuery = graphql(
  `
    query Board($processKey: String!, $first: Int, $filter: BoardFilter) {
      board(processKey: $processKey, first: $first, filter: $filter) {
        process {
          key
          version
        }
        columns {
          state
          label
          category
          count
          unfilteredCount
          doneSince
          fromOlderVersion
          cards {
            nodes {
              ...BoardCard
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      }
    }
  `,
  [BoardCard],
);

export type Column = ResultOf<typeof BoardQuery>['board']['columns'][number];

/** A column's next page: tickets(filter) with the column's conditions gives the same pages as its cards. */
export const ColumnPageQuery = graphql(
  `
    query BoardColumnPage($filter: TicketFilter!, $after: String, $first: Int) {
      tickets(filter: $filter, after: $after, first: $first) {
        nodes {
          ...BoardCard
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [BoardCard],
);

export const BoardEvents = graphql(
  `
    subscription BoardEvents($processKey: String!, $since: DateTime) {
      boardEvents(processKey: $processKey, since: $since) {
        observedAt
        ticket {
          ...BoardCard
        }
      }
    }
  `,
  [BoardCard],
);

export const MoveCard = graphql(
  `
    mutation MoveCard(
      $number: String!
      $toState: String!
      $transition: String
      $fields: JSON
      $expectedVersion: Int
      $updateId: String
    ) {
      moveTicket(
        number: $number
        toState: $toState
        transition: $transition
        fields: $fields
        expectedVersion: $expectedVersion
        updateId: $updateId
      ) {
        ...BoardCard
      }
    }
  `,
  [BoardCard],
);

/** After a lost race: the ticket as it is now, and who moved it last. */
export const CardNowQuery = graphql(
  `
    query BoardCardNow($number: String!) {
      ticket(number: $number) {
        ...BoardCard
        timeline {
          type
          actor
        }
      }
    }
  `,
  [BoardCard],
);
