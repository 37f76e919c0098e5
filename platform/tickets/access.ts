// Who asks the ticket service, and what each caller may reach before any rule of the ticket's process is
// checked. A person sees the tickets the visibility rules give them (queries.ts) and changes only those;
// the ticket engine then checks the change itself against their role and groups. An external system
// sees the tickets of the processes its API key names and does only what the key's scope allows. A
// ticket the caller may not see is NOT_FOUND, as if it did not exist; a right the caller lacks for every
// ticket is FORBIDDEN before any ticket is looked up, so that a refusal tells nothing of which exist.
import type { Selectable } from 'kysely';
import { AppError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { ApiKeyScope, TicketsTable } from '../store/schema.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import type { Person } from '../../workflows/ticket/model.js';
import { groupKeysOf } from '../people/groups.js';
import { findSystemTicket, findVisibleTicket } from './queries.js';
import { personCaller, type Caller } from './request-keys.js';

export type TicketRow = Selectable<TicketsTable>;

/** An external system, by the API key it called with. */
export interface SystemCaller {
  id: string;
  name: string;
  scope: ApiKeyScope;
}

/** A person (their groups are loaded when a change needs them), or an external system. */
export type TicketCaller = { kind: 'person'; person: Person } | { kind: 'system'; key: SystemCaller };

/** Whose request keys (idempotency keys, update ids) a caller's are: request-keys.ts. */
export const keyScopeOf = (caller: TicketCaller): Caller =>
  caller.kind === 'person' ? personCaller(caller.person) : `api-key:${caller.key.id}`;

/** FORBIDDEN unless the key's scope grants it: checked before any ticket is looked up. */
export function requireScope(key: SystemCaller, granted: boolean, message: string): void {
  if (!granted) throw new AppError('FORBIDDEN', message, { reason: 'NOT_IN_SCOPE' });
}

/** The person with the groups they work in (admins and employees work in none the engine checks). */
export async function withGroups(db: Db, person: Person): Promise<Person> {
  if (person.groups) return person;
  const works = isStaffRole(person.role) && person.role !== 'ADMIN';
  return { ...person, groups: works ? await groupKeysOf(db, person.userId) : [] };
}

/** The ticket's row as the caller may read it: a person by the visibility rules, a system by its key. */
export function readableTicket(db: Db, caller: TicketCaller, number: string): Promise<TicketRow> {
  if (caller.kind === 'person') return findVisibleTicket(db, caller.person, number);
  requireScope(caller.key, caller.key.scope.readTickets, 'this API key may not read tickets');
  return findSystemTicket(db, caller.key.scope, number);
}

/** Whether the person works the ticket of this group: the same rule as the ticket engine's checks.
 * Those who do read everything on it (internal notes among it); anyone else only what is public. */
export async function worksOnTicket(db: Db, person: Person, groupKey: string): Promise<boolean> {
  if (person.role === 'ADMIN') return true;
  if (!isStaffRole(person.role)) return false;
  const member = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select('m.user_id')
    .where('g.key', '=', groupKey)
    .where('m.user_id', '=', person.userId)
    .executeTakeFirst();
  return member !== undefined;
}
