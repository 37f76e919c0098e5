// A board drop names the target state; the ticket service takes transitions. This finds the one a drop
// means, or says why there is none or more than one to choose from — asking the workflow itself before
// it refuses, since the read model it looks at first may be out of step after a fault. Its refusals name
// states and transitions by their labels, and are recorded like the workflow's own.
import type { Selectable } from 'kysely';
import { AppError, RefusedError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import type { TicketsTable } from '../../platform/store/schema.js';
import type { Person, TicketSnapshot } from '../../workflows/ticket/model.js';
import type { GraphQLContext } from '../graphql/context.js';
import { getProcessVersion } from '../../platform/tickets/store.js';
import { latestVersion } from '../../platform/processes/processes.js';
import type { RefusalReason } from '../../workflows/ticket/model.js';
import { listed, shown, stateLabel, versionWords } from '../../workflows/ticket/words.js';

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
  if (!definition.states.some((s) => s.key === toState)) {
    // The column is a state of a newer version: named by the label that version gives it.
    const latest = await latestVersion(db, ticket.process_key).catch(() => undefined);
    const column = latest ? stateLabel(latest.definition, toState) : `"${shown(toState)}"`;
    const follows = versionWords(definition, ticket.process_version);
    throw new AppError('BAD_USER_INPUT', `This ticket follows ${follows}, which has no state ${column}`, {
      fields: ['toState'],
    });
  }
  const from = ticket.state === null ? 'its state' : stateLabel(definition, ticket.state);
  const to = stateLabel(definition, toState);
  const leading = definition.transitions.filter(
    (t) => t.to === toState && ticket.state !== null && t.from.includes(ticket.state),
  );
  if (named !== undefined) {
    if (!leading.some((t) => t.key === named)) {
      const label = definition.transitions.find((t) => t.key === named)?.label ?? `"${shown(named)}"`;
      throw new RefusedError('UNKNOWN_TRANSITION', `${label} does not lead from ${from} to ${to}`);
    }
    return named;
  }
  if (leading.length === 0)
    throw new RefusedError('NOT_FROM_STATE', `You cannot move this ticket from ${from} to ${to}`, {
      state: ticket.state,
      toState,
    });
  const mayTake = leading.filter((t) => role === 'ADMIN' || t.by.includes(role as never) || t.by.includes('requester'));
  const choices = mayTake.length > 0 ? mayTake : leading;
  if (choices.length > 1)
    throw new AppError(
      'BAD_USER_INPUT',
      `More than one step leads to ${to}: choose ${listed(
        choices.map((t) => t.label),
        'or',
      )}`,
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
      // Refused here, not by the workflow: recorded all the same, as every refusal of a move is.
      if (final instanceof RefusedError) {
        const { reason, ...details } = final.details;
        const refusal = { reason: reason as RefusalReason, message: final.message, details };
        throw await tickets.refuseMove(ticket.number, person, attempt, refusal);
      }
      if (!(final instanceof StaleDrop)) throw final;
      throw await tickets.refuseStaleMove(ticket.number, person, attempt, drop.expectedVersion!, final.current);
    }
  }
}
