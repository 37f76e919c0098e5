// What the board reads and changes: the processes to pick from, a process's columns with their first
// cards under the filters, further pages of a column (tickets(filter) with the column's conditions
// gives the same pages as a column's cards), moves, and the live stream of the process's changes.
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

export const ProcessesQuery = graphql(`
  query BoardProcesses {
    processDefinitions {
      key
      name
      latestVersion
    }
  }
`);

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

export const BoardFormsQuery = graphql(`
  query BoardForms {
    ticketForms {
      process
      fields {
        key
        label
        type
        required
        options
        help
      }
    }
  }
`);

/** Groups and their people: the group filter's choices, and names for who changed a ticket. */
export const BoardGroupsQuery = graphql(`
  query BoardGroups {
    groups {
      key
      name
      members {
        id
        name
      }
    }
  }
`);
