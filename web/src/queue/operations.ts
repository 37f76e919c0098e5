// The queue page's GraphQL: one query that brings the views and the first page of the queue together
// (with no view or filter in the address, the server answers the default view: no chain of requests),
// the next pages, and the queue's count, live.
import { GroupMembersFields } from '../fragments';
import { graphql } from '../graphql';

export { QueuePageQuery, QueueRow } from './page-query';

export const QueueCountSubscription = graphql(`
  subscription QueueCount($view: ID, $filter: TicketFilter) {
    queueCount(view: $view, filter: $filter)
  }
`);

export const CreateViewMutation = graphql(`
  mutation CreateView($input: QueueViewInput!) {
    createView(input: $input) {
      id
    }
  }
`);

export const SetDefaultViewMutation = graphql(`
  mutation SetDefaultView($id: ID!) {
    setDefaultView(id: $id) {
      id
      isDefault
    }
  }
`);

export const UpdateViewMutation = graphql(`
  mutation UpdateView($id: ID!, $input: QueueViewInput!) {
    updateView(id: $id, input: $input) {
      id
      name
      filter
      sort
      columns
    }
  }
`);

export const DeleteViewMutation = graphql(`
  mutation DeleteView($id: ID!) {
    deleteView(id: $id)
  }
`);

/** What the filter bar and the Save as… dialog offer: processes and groups by name, staff by group. */
export const QueueChoicesQuery = graphql(
  `
    query QueueChoices {
      processDefinitions {
        key
        name
      }
      groups {
        ...GroupMembersFields
      }
    }
  `,
  [GroupMembersFields],
);
