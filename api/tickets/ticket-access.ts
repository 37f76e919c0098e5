// Who may read a ticket, checked on the Ticket type itself rather than by each operation that answers
// with one: every answer that carries a Ticket (queries, mutation payloads, subscriptions' events, and
// any added later) shows its fields only to whoever may read that ticket. An API key may read the
// tickets of its processes when its scope has readTickets; a person those the visibility rules let
// them see (platform/tickets/queries.ts). Without that right, a caller that changed the ticket (a key's
// signal, a ticket it created) is told only what its change did: the TOLD fields.
import type { Selectable } from 'kysely';
import { defaultFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { AppError } from '../../platform/errors.js';
import type { TicketsTable } from '../../platform/store/schema.js';
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson } from '../graphql/viewer.js';
import { visibleTo } from '../../platform/tickets/queries.js';
import { batchLoader } from '../graphql/batch.js';

type TicketRow = Selectable<TicketsTable>;

/** What any answer about a ticket the caller acted on tells: which ticket, and where it now stands. */
export const TOLD_FIELDS: ReadonlySet<string> = new Set(['number', 'process', 'state', 'category', 'version']);

/** Every other field of Ticket, wherever the module that declares it, checks the caller's right first. */
export function guardTicketFields(schema: GraphQLSchema): GraphQLSchema {
  const type = schema.getType('Ticket') as GraphQLObjectType;
  for (const field of Object.values(type.getFields())) {
    if (TOLD_FIELDS.has(field.name)) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (row: TicketRow, args, ctx: GraphQLContext, info) => {
      const may = mayRead(ctx, row);
      if (may === true) return resolve(row, args, ctx, info);
      if (may === false) throw refusal(ctx);
      return may.then((yes) => {
        if (!yes) throw refusal(ctx);
        return resolve(row, args, ctx, info);
      });
    };
  }
  return schema;
}

function refusal(ctx: GraphQLContext): AppError {
  if (ctx.viewer.kind === 'system')
    return new AppError('FORBIDDEN', 'this API key may not read this ticket', { reason: 'NOT_IN_SCOPE' });
  return new AppError('FORBIDDEN', 'you may not read this ticket', { reason: 'NOT_VISIBLE' });
}

/** Whether the caller may read the ticket: at once where the answer is known, batched where it needs SQL. */
function mayRead(ctx: GraphQLContext, row: TicketRow): boolean | Promise<boolean> {
  const viewer = ctx.viewer;
  if (viewer.kind === 'system')
    return viewer.key.scope.readTickets && viewer.key.scope.processes.includes(row.process_key);
  if (viewer.kind !== 'person') return false;
  if (viewer.user.role === 'ADMIN') return true;
  return visibilityOf(ctx).check(row);
}

/** Per request (and per event of a subscription: each event's row is a new object) one query for the
 * rows whose fields are being resolved at the same time, not one per row. */
const loaders = new WeakMap<GraphQLContext, { check(row: TicketRow): Promise<boolean> }>();

function visibilityOf(ctx: GraphQLContext) {
  let loader = loaders.get(ctx);
  if (loader) return loader;
  const checked = new WeakMap<TicketRow, Promise<boolean>>();
  const read = batchLoader<string, boolean>(
    async (ids) => {
      if (ctx.viewer.kind !== 'person') throw new Error('only people are checked in SQL');
      const rows = await ctx.db
        .selectFrom('tickets')
        .select('id')
        .where('id', 'in', ids)
        .where(visibleTo(asPerson(ctx.viewer.user)))
        .execute();
      return new Map(rows.map((r) => [r.id, true]));
    },
    () => false,
  );
  loader = {
    check(row) {
      let answer = checked.get(row);
      if (!answer) checked.set(row, (answer = read(row.id)));
      return answer;
    },
  };
  loaders.set(ctx, loader);
  return loader;
}
