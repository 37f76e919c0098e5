// The GraphQL of bulk actions: the selected tickets as the person may see them with the people of their
// groups and the macros they may use (what the toolbar offers comes from them), and the action itself, every ticket answered.
import { GroupMembersFields } from '../fragments';
import { graphql, type ResultOf } from '../graphql';

export const BulkSelectionQuery = graphql(
  `
    query BulkSelection($numbers: [String!]!) {
      ticketsByNumbers(numbers: $numbers) {
        number
        title
        state
        group
        process {
          key
        }
        priority
        assignee {
          id
        }
        transitions {
          key
          label
          by
          requires
        }
      }
      macros {
        id
        kind
        name
        group
        process
      }
      groups {
        ...GroupMembersFields
      }
    }
  `,
  [GroupMembersFields],
);

export const BulkUpdateMutation = graphql(`
  mutation BulkUpdateTickets($input: BulkUpdateTicketsInput!) {
    bulkUpdateTickets(input: $input) {
      applied
      refused
      results {
        number
        title
        outcome
        message
      }
    }
  }
`);

export type BulkAnswer = ResultOf<typeof BulkUpdateMutation>['bulkUpdateTickets'];
export type SelectedTicket = ResultOf<typeof BulkSelectionQuery>['ticketsByNumbers'][number];
export type SelectionMacro = ResultOf<typeof BulkSelectionQuery>['macros'][number];
export type SelectionGroup = ResultOf<typeof BulkSelectionQuery>['groups'][number];
