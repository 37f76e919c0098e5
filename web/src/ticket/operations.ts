// The ticket page's query: the ticket with everything the page shows, and the forms that label its
// fields. In a module of its own, without React, because the benchmark sends it as the page does
// (test/bench/web-operations.ts).
import { TicketFormFields } from '../fragments';
import { graphql } from '../graphql';
import { TicketDetails } from './details';

export const TicketQuery = graphql(
  `
    query Ticket($number: String!) {
      ticket(number: $number) {
        ...TicketDetails
      }
      ticketForms {
        ...TicketFormFields
      }
    }
  `,
  [TicketDetails, TicketFormFields],
);
