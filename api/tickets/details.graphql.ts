// What a ticket's page shows beyond its row: the description, who asked, the comments, and long-text
// field values as their text. Each is read only when a query asks for it, and only as the viewer may see
// it: internal notes are for the staff who work the ticket.
import type { Selectable } from 'kysely';
import type { TicketsTable } from '../../platform/store/schema.js';
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson } from '../graphql/viewer.js';
import { worksOnTicket } from '../../platform/tickets/timeline.js';

export const typeDefs = /* GraphQL */ `
  "Who asked for a ticket: a person with an account, or someone a system submitted for."
  type Requester {
    name: String!
    email: String!
    "Their account; null for someone without one."
    user: User
  }

  "A public reply or an internal note on a ticket."
  type Comment {
    id: ID!
    body: String!
    visibility: CommentVisibility!
    "Who wrote it; null when a system did (a signal recorded as a comment)."
    author: User
    createdAt: DateTime!
  }

  extend type Ticket {
    "What was written when the ticket was submitted; null when nothing was."
    description: String
    "Who asked."
    requester: Requester!
    "Public replies, and internal notes for staff, oldest first."
    comments: [Comment!]!
    "Field values by key, long texts as their text (fields holds them as { text: id })."
    fieldValues: JSON!
  }
`;

type TicketRow = Selectable<TicketsTable>;

/** Staff of the ticket's group and admins read internal notes; requesters and systems do not. */
const readsInternal = async (ctx: GraphQLContext, t: TicketRow) =>
  ctx.viewer.kind === 'person' && worksOnTicket(ctx.db, asPerson(ctx.viewer.user), t.group_key);

const isTextRef = (value: unknown): value is { text: string } =>
  typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string';

export const resolvers = {
  Ticket: {
    description: async (t: TicketRow, _: unknown, ctx: GraphQLContext) => {
      const row = await ctx.db
        .selectFrom('ticket_texts')
        .select('body')
        .where('ticket_id', '=', t.id)
        .where('purpose', '=', 'description')
        .executeTakeFirst();
      return row?.body ?? null;
    },
    requester: async (t: TicketRow, _: unknown, ctx: GraphQLContext) => {
      const row = await ctx.db
        .selectFrom('requesters')
        .select(['name', 'email', 'user_id'])
        .where('id', '=', t.requester_id)
        .executeTakeFirstOrThrow();
      return { name: row.name, email: row.email, user: row.user_id ? ctx.users.load(row.user_id) : null };
    },
    comments: async (t: TicketRow, _: unknown, ctx: GraphQLContext) => {
      let query = ctx.db.selectFrom('comments').selectAll().where('ticket_id', '=', t.id);
      if (!(await readsInternal(ctx, t))) query = query.where('visibility', '=', 'public');
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map((c) => ({
        id: c.id,
        body: c.body,
        visibility: c.visibility,
        author: c.author_id ? ctx.users.load(c.author_id).catch(() => null) : null,
        createdAt: c.created_at,
      }));
    },
    fieldValues: async (t: TicketRow, _: unknown, ctx: GraphQLContext) => {
      const ids = Object.values(t.fields)
        .filter(isTextRef)
        .map((v) => v.text);
      if (ids.length === 0) return t.fields;
      const texts = await ctx.db
        .selectFrom('ticket_texts')
        .select(['id', 'body'])
        .where('ticket_id', '=', t.id)
        .where('id', 'in', ids)
        .execute();
      const bodies = new Map(texts.map((row) => [row.id, row.body]));
      return Object.fromEntries(
        Object.entries(t.fields).map(([key, value]) => [
          key,
          isTextRef(value) ? (bodies.get(value.text) ?? null) : value,
        ]),
      );
    },
  },
};
