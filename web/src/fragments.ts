// The fragments that more than one page spreads into its own operations: the fields of the shared
// components (a ticket in a list, a process form's field) and of what several pages show (a process
// form, a notification). A fragment that one page alone reads lives beside that page (the board's
// BoardCard in board/CardView.tsx, the ticket page's TicketDetails in ticket/details.ts); every
// operation lives in the file that sends it.
import { graphql, type ResultOf } from './graphql';

/** A ticket in a list (components/TicketListItem.tsx). */
export const TicketListItemFields = graphql(`
  fragment TicketListItemFields on Ticket {
    number
    title
    state
    category
    priority
    slas
    updatedAt
  }
`);
export type TicketListItemData = ResultOf<typeof TicketListItemFields>;

/** A field of a process's form, as components/FieldInput.tsx asks for it (new ticket, ticket page, board). */
export const FormFieldFields = graphql(`
  fragment FormFieldFields on FormField {
    key
    label
    type
    required
    options
    help
  }
`);
export type FormFieldDef = ResultOf<typeof FormFieldFields>;

/** A process one may submit to, with its form: the new ticket page renders it; the ticket page takes
 * labels and input types from it for field values and transition forms. */
export const TicketFormFields = graphql(
  `
    fragment TicketFormFields on TicketForm {
      process
      name
      version
      fields {
        ...FormFieldFields
      }
    }
  `,
  [FormFieldFields],
);

/** A notification as the notification centre lists it and the bell's live stream brings it. */
export const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    ticketNumber
    summary
    event
    createdAt
    read
  }
`);
export type NotificationItem = ResultOf<typeof NotificationFields>;

/** A group with its people, as the queue's filters and the bulk toolbar offer them. */
export const GroupMembersFields = graphql(`
  fragment GroupMembersFields on Group {
    key
    name
    members {
      id
      name
      role
    }
  }
`);
