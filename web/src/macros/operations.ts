// The GraphQL operations of canned replies and macros: the management page's (list, save, delete) and
// the ticket page's (those a ticket offers, a reply filled for it, a macro applied to it).
import { graphql } from '../graphql';
import { TicketDetails } from '../ticket/details';

export const MacroFields = graphql(`
  fragment MacroFields on Macro {
    id
    kind
    name
    group
    process
    body
    replyVisibility
    fields
    priority
    transition
    effects
    updatedAt
  }
`);

export const MacrosQuery = graphql(
  `
    query Macros($ticket: String) {
      macros(ticket: $ticket) {
        ...MacroFields
      }
    }
  `,
  [MacroFields],
);

/** What the form offers: the groups one may pick and the processes whose fields and transitions it names. */
export const MacroFormOptions = graphql(`
  query MacroFormOptions {
    groups {
      key
      name
    }
    processDefinitions {
      key
      name
      latestVersion
    }
  }
`);

/** A process's latest definition: the fields and transitions a macro of it may name. */
export const MacroProcess = graphql(`
  query MacroProcess($key: String!) {
    processDefinition(key: $key) {
      key
      definition
    }
  }
`);

export const CreateMacro = graphql(
  `
    mutation CreateMacro($input: MacroInput!) {
      createMacro(input: $input) {
        ...MacroFields
      }
    }
  `,
  [MacroFields],
);

export const UpdateMacro = graphql(
  `
    mutation UpdateMacro($id: ID!, $input: MacroInput!) {
      updateMacro(id: $id, input: $input) {
        ...MacroFields
      }
    }
  `,
  [MacroFields],
);

export const DeleteMacro = graphql(`
  mutation DeleteMacro($id: ID!) {
    deleteMacro(id: $id)
  }
`);

export const FillReply = graphql(`
  query FillReply($number: String!, $macro: ID!, $visibility: CommentVisibility) {
    fillReply(number: $number, macro: $macro, visibility: $visibility)
  }
`);

export const ApplyMacro = graphql(
  `
    mutation ApplyMacro($number: String!, $macro: ID!, $expectedVersion: Int, $updateId: String) {
      applyMacro(number: $number, macro: $macro, expectedVersion: $expectedVersion, updateId: $updateId) {
        ...TicketDetails
      }
    }
  `,
  [TicketDetails],
);
