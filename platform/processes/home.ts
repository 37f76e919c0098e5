// Which board a person lands on: the process their group works. A process's queue is its `group`
// (every new ticket goes there); a group that only gets tickets from an `assign` action or a reassignment
// (customer-case's second tier) works that process too, after the processes that are its queue. Among
// equals, by key. Only published processes that take tickets count; employees, and staff in no group
// that works a process, have none.
import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import { groupKeysOf } from '../people/groups.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import type { Role } from '../store/schema.js';

/** The groups a definition sends tickets to anywhere (`assign` actions and the like): every `group` value. */
function groupsNamed(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) groupsNamed(item, found);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'group' && typeof inner === 'string') found.add(inner);
      else groupsNamed(inner, found);
    }
  return found;
}

/** The key of the process whose board the person lands on, or null when there is none. */
export async function homeProcessOf(db: Db, person: { id: string; role: Role }): Promise<string | null> {
  if (!isStaffRole(person.role)) return null;
  const groups = new Set(await groupKeysOf(db, person.id));
  if (groups.size === 0) return null;
  const latest = await db
    .selectFrom('process_versions as v')
    .distinctOn('v.key')
    .select(['v.key', 'v.definition'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('retired_processes as r')
            .select(sql`1`.as('one'))
            .whereRef('r.key', '=', 'v.key'),
        ),
      ),
    )
    .orderBy('v.key')
    .orderBy('v.version', 'desc')
    .execute();
  const queueOf = (definition: unknown) => (definition as { group?: unknown }).group;
  const own = latest.find((p) => groups.has(queueOf(p.definition) as string));
  if (own) return own.key;
  const sent = latest.find((p) => [...groupsNamed(p.definition)].some((g) => groups.has(g)));
  return sent?.key ?? null;
}
