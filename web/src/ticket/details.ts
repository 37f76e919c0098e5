// What the ticket page shows of a ticket: its query (TicketPage.tsx) and every change its parts send
// (a reply, a move, a file, a live event) spread these fields, so the normalized cache updates the
// page without reading it again.
import { graphql, type ResultOf } from '../graphql';

export const TicketDetails = graphql(`
  fragment TicketDetails on Ticket {
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
    fieldValues
    description
    workflowUrl
    process {
      key
      version
    }
    requester {
      name
      email
      user {
        id
        name
      }
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
    comments {
      id
      body
      visibility
      createdAt
      author {
        id
        name
      }
    }
    attachments {
      id
      filename
      contentType
      size
      uploadedAt
      downloadUrl
      uploadedBy {
        id
        name
      }
    }
    timeline {
      seq
      type
      at
      actor
      data
      body
    }
  }
`);

export type TicketDetailsData = ResultOf<typeof TicketDetails>;
