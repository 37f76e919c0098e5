// Attachments over GraphQL: attachFile takes one file of a multipart request (the GraphQL multipart
// request spec) and hands it to the ticket service, which checks it and records it through the
// ticket's workflow; Ticket.attachments lists what was accepted, each with the URL of its bytes
// (api/tickets/downloads.ts). People only: no API key scope covers files.
import { AppError } from '../../platform/errors.js';
import { invalidInput, type InputProblem } from '../../platform/validate.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import { downloadPath } from './downloads.js';

export const typeDefs = /* GraphQL */ `
  "A file attached to a ticket; its bytes are served at downloadUrl."
  type Attachment {
    "The attachment's id, as in its attached event on the timeline."
    id: ID!
    "The file's name as it was uploaded."
    filename: String!
    "The content type it was accepted as (e.g. application/pdf); downloads are served with it."
    contentType: String!
    "Its size in bytes."
    size: Int!
    "When it was uploaded."
    uploadedAt: DateTime!
    "Who attached it."
    uploadedBy: User
    "Where to GET the bytes, relative to the API's origin, with the same Authorization header as /graphql."
    downloadUrl: String!
  }

  "What attachFile did."
  type AttachFileResult {
    "The attachment as stored."
    attachment: Attachment!
    "The ticket as it is now: its timeline has the attachment's attached event."
    ticket: Ticket!
  }

  extend type Ticket {
    "The files attached to the ticket, oldest first; every person who may see the ticket sees them (not API keys)."
    attachments: [Attachment!]!
  }

  extend type Mutation {
    """
    Attaches a file to a ticket you may see (its requester, or staff). Send a multipart/form-data
    request (the GraphQL multipart request spec) with the header x-graphql-csrf and exactly one file,
    of at most MAX_ATTACHMENT_BYTES and of a type in ATTACHMENT_CONTENT_TYPES; a file that breaks a
    limit is BAD_USER_INPUT with the part at fault in fields (file.size, file.type, file.name, file).
    A finished ticket takes no more files (INVALID_TRANSITION).
    """
    attachFile(number: String!, file: File!): AttachFileResult!
  }
`;

/** The service's names for the parts of an upload, as the File argument has them. */
const asFileField: Record<string, string> = { filename: 'file.name', contentType: 'file.type', bytes: 'file.size' };

function renamedFields(error: unknown): never {
  if (error instanceof AppError && error.code === 'BAD_USER_INPUT' && Array.isArray(error.details.problems)) {
    const problems = error.details.problems as InputProblem[];
    throw invalidInput(problems.map((p) => ({ path: asFileField[p.path] ?? p.path, message: p.message })));
  }
  throw error;
}

export const resolvers: Resolvers = {
  Mutation: {
    attachFile: async (_, args, ctx) => {
      const person = asPerson(requirePerson(ctx.viewer));
      // A ticket the caller may not see does not exist for them: nothing is read or stored.
      await ctx.services.tickets.read({ kind: 'person', person }, args.number);
      const { file } = args;
      const bytes = Buffer.from(await file.arrayBuffer());
      const { attachment } = await ctx.services.tickets
        .attach(args.number, person, { filename: file.name, contentType: file.type, bytes })
        .catch(renamedFields);
      return { attachment, ticket: await ctx.services.tickets.read({ kind: 'person', person }, args.number) };
    },
  },
  Ticket: {
    attachments: (t, _, ctx) => {
      requirePerson(ctx.viewer);
      return ctx.services.tickets.attachments.list(t);
    },
  },
  Attachment: {
    contentType: (a) => a.content_type,
    uploadedAt: (a) => a.created_at,
    uploadedBy: (a, _, ctx) => (a.uploaded_by ? ctx.users.load(a.uploaded_by) : null),
    downloadUrl: (a) => downloadPath(a.id),
  },
};
