// A board drop names the target state; the ticket service takes transitions. This finds the one a drop
// means, or says why there is none or more than one to choose from.
import type { Selectable } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { Db } from '../../platform/store/db.js';
import type { TicketsTable } from '../../platform/store/schema.js';
import { getProcessVersion } from './store.js';

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
    throw new AppError('VALIDATION', `process ${definition.key} has no state "${toState.slice(0, 80)}"`, {
      fields: ['toState'],
    });
  const leading = definition.transitions.filter(
    (t) => t.to === toState && ticket.state !== null && t.from.includes(ticket.state),
  );
  if (named !== undefined) {
    if (!leading.some((t) => t.key === named))
      throw new AppError('REFUSED', `"${named.slice(0, 80)}" does not lead from "${ticket.state}" to "${toState}"`, {
        reason: 'UNKNOWN_TRANSITION',
      });
    return named;
  }
  if (leading.length === 0)
    throw new AppError('REFUSED', `no transition leads from "${ticket.state}" to "${toState}"`, {
      reason: 'NOT_FROM_STATE',
    });
  const mayTake = leading.filter((t) => role === 'ADMIN' || t.by.includes(role as never) || t.by.includes('requester'));
  const choices = mayTake.length > 0 ? mayTake : leading;
  if (choices.length > 1)
    throw new AppError(
      'VALIDATION',
      `more than one transition leads to "${toState}": name one of ${choices.map((t) => t.key).join(', ')}`,
      {
        fields: ['transition'],
        choices: choices.map((t) => t.key),
      },
    );
  return choices[0]!.key;
}
