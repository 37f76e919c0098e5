// The processes one may submit to and their fields (ticketForms). The submit page renders them; the
// ticket page takes labels and input types from them for field values and transition forms.
import { graphql } from '../graphql';

export const TicketFormFields = graphql(`
  fragment TicketFormFields on TicketForm {
    process
    name
    version
    fields {
      key
      label
      type
      required
      options
      help
    }
  }
`);

export const TicketFormsQuery = graphql(
  `
    query TicketForms {
      ticketForms {
        ...TicketFormFields
      }
    }
  `,
  [TicketFormFields],
);
