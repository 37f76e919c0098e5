// Whom a caller counts as for a ticket's fields (workflows/process/field-access.ts): staff who work the
// ticket's group (and admins) by their role, anyone else — its requester, a system submitting or acting
// for a requester — as its requester. Reads leave out the fields hidden from them.
import type { Db } from '../store/db.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { audienceOf, hasFieldAccessRules, visibleValues } from '../../workflows/process/field-access.js';
import type { FieldAudience } from '../../workflows/process/vocabulary.js';
import type { Actor, Person } from '../../workflows/ticket/model.js';
import { worksOnTicket } from './access.js';

type SystemActor = Extract<Actor, { kind: 'system' }>;

/** Answers already found for a reader, by group, for a few seconds: a reader object lives for one
 * request (see the API's readerOf), whose list of tickets would otherwise ask once per ticket; a
 * subscription's lives longer, and sees a change of the reader's groups after at most that long. */
const known = new WeakMap<Person, Map<string, { at: number; audience: Promise<FieldAudience> }>>();
const KNOWN_FOR_MS = 5_000;

/** Whom the person counts as on a ticket of `group`; a system, or no person, as the requester. */
export function audienceOn(db: Db, by: Person | SystemActor | null, group: string): Promise<FieldAudience> {
  if (by === null || 'kind' in by) return Promise.resolve('requester');
  let groups = known.get(by);
  if (!groups) known.set(by, (groups = new Map()));
  const found = groups.get(group);
  if (found && Date.now() - found.at < KNOWN_FOR_MS) return found.audience;
  const audience = worksOnTicket(db, by, group).then((works) => audienceOf(by.role, works));
  const answers = groups;
  answers.set(group, { at: Date.now(), audience });
  audience.catch(() => answers.delete(group));
  return audience;
}

/** Whom the submitter of a new ticket counts as: the ticket's group is its process's. */
export const submitterAudience = (db: Db, by: Person | SystemActor, group: string) => audienceOn(db, by, group);

/** The field values (of a row, or an event) the reader may see; a system reads them all. Asks whether
 * the reader works the ticket only when the process hides a field from someone. */
export async function valuesFor<V>(
  db: Db,
  def: ProcessDefinition,
  reader: Person | null,
  group: string,
  values: Record<string, V>,
): Promise<Record<string, V>> {
  if (reader === null || !hasFieldAccessRules(def)) return values;
  return visibleValues(def, await audienceOn(db, reader, group), values);
}
