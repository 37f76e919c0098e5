// The ticket page's query: the ticket with everything the page shows, the definitions of the fields
// the reader may see (of the ticket's own process version), and the forms (the process's name). In a module of its own, without React, because the benchmark sends it as the page does
// (test/bench/web-operations.ts).
import { FormFieldFields, TicketFormFields } from '../fragments';
import { graphql } from '../graphql';
import { TicketDetails } from './details';

export const TicketQuery = graphql(
  `
    query Ticket($number: String!) {
      ticket(number: $number) {
        ...TicketDetails
        fieldDefinitions {
          ...FormFieldFields
        }
      }
      ticketForms {
        ...TicketFormFields
      }
    }
  `,
  [TicketDetails, TicketFormFields, FormFieldFields],
);
