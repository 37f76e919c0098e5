// attachFile: one file as a multipart request, which urql sends as such when a variable holds a File
// (with the x-graphql-csrf header that createClient adds to every request).
import { graphql } from '../graphql';
import { TicketDetails } from './details';

export const AttachFile = graphql(
  `
    mutation AttachFile($number: String!, $file: File!) {
      attachFile(number: $number, file: $file) {
        attachment {
          id
        }
        ticket {
          ...TicketDetails
        }
      }
    }
  `,
  [TicketDetails],
);
