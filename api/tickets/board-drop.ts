// A board drop names the target state; the ticket service takes transitions. This finds the one a drop
// means, or says why there is none or more than one to choose from — asking the workflow itself before
// it refuses, since the read model it looks at first may be out of step after a fault.
import type { Selectable } from 'kysely';
import { AppError, RefusedError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import type { TicketsTable } from '../../platform/store/schema.js';
import type { Person, TicketSnapshot } from '../../workflows/ticket/model.js';
import type { GraphQLContext } from '../graphql/context.js';
import { getProcessVersion } from '../../platform/tickets/store.js';

type TicketRow = Selectable<TicketsTable>;

/**
 * The transition a drop onto `toState` means: the one named, or the only one leading there that the
 * person's role may take. The workflow checks the move again; this only picks among the choices.
 */
export async function transitionTo(
  db: Db,
  ticket: TicketRow,
  role: string,
  toState: string,
  named: string | undefined,
): Promise<string> {
  const { definition } = await getProcessVersion(db, ticket.process_key, ticket.process_version);
  if (!definition.states.some((s) => s.key === toState))
    throw new AppError('BAD_USER_INPUT', `process ${definition.key} has no state "${toState.slice(0, 80)}"`, {
      fields: ['toState'],
    });
  const leading = definition.transitions.filter(
    (t) => t.to === toState && ticket.state !== null && t.from.includes(ticket.state),
  );
  if (named !== undefined) {
    if (!leading.some((t) => t.key === named))
      throw new RefusedError(
        'UNKNOWN_TRANSITION',
        `"${named.slice(0, 80)}" does not lead from "${ticket.state}" to "${toState}"`,
      );
    return named;
  }
  if (leading.length === 0)
    throw new RefusedError('NOT_FROM_STATE', `no transition leads from "${ticket.state}" to "${toState}"`);
  const mayTake = leading.filter((t) => role === 'ADMIN' || t.by.includes(role as never) || t.by.includes('requester'));
  const choices = mayTake.length > 0 ? mayTake : leading;
  if (choices.length > 1)
    throw new AppError(
      'BAD_USER_INPUT',
      `more than one transition leads to "${toState}": name one of ${choices.map((t) => t.key).join(', ')}`,
      {
        fields: ['transition'],
        choices: choices.map((t) => t.key),
      },
    );
  return choices[0]!.key;
}

export interface Drop {
  toState: string;
  transition?: string;
  expectedVersion?: number;
  updateId?: string;
}

/** A drop made against a version the read model has already passed. */
class StaleDrop extends Error {
  constructor(readonly current: number) {
    super('stale drop');
  }
}

/**
 * The transition a drop means, checked against the read model — which, after a fault, may lag behind
 * the workflow or even run ahead of it (a projection written by a task the Temporal server then lost).
 * Before it refuses, a drop already taken under its update id (a retry after a lost answer) gets the
 * answer it had, and a drop that the workflow's own state allows goes ahead.
 */
export async function checkDrop(
  ctx: GraphQLContext,
  person: Person,
  ticket: TicketRow,
  drop: Drop,
): Promise<{ transition: string } | { answer: TicketSnapshot }> {
  const against = async (row: TicketRow) => {
    if (drop.expectedVersion !== undefined && row.version > drop.expectedVersion) throw new StaleDrop(row.version);
    return { transition: await transitionTo(ctx.db, row, person.role, drop.toState, drop.transition) };
  };
  const tickets = ctx.services.tickets;
  try {
    return await against(ticket);
  } catch (error) {
    const refusal = error instanceof StaleDrop || error instanceof RefusedError;
    if (!refusal) throw error;
    const attempt = { toState: drop.toState };
    const answer = drop.updateId && (await tickets.earlierMove(ticket.number, person, attempt, drop.updateId));
    if (answer) return { answer };
    // Asked for certain: when Temporal does not answer, UNAVAILABLE (try again), never the row's refusal.
    const actual = await tickets.snapshot(ticket.number).catch((failure: unknown) => {
      if (failure instanceof AppError && failure.code === 'UNAVAILABLE') throw failure;
      return undefined;
    });
    const differs = actual && (actual.state !== ticket.state || actual.version !== ticket.version);
    // A row ahead of its workflow stays so until the next change: mended now, whatever this drop does.
    if (actual && actual.version < ticket.version) await tickets.repair(ticket.number).catch(() => undefined);
    try {
      if (differs) return await against({ ...ticket, state: actual.state, version: actual.version });
      throw error;
    } catch (final) {
      if (!(final instanceof StaleDrop)) throw final;
      throw await tickets.refuseStaleMove(ticket.number, person, attempt, drop.expectedVersion!, final.current);
    }
  }
}
