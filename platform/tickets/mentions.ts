// @mentions in an internal note: `@` and the local part of a person's email ("@sam.agent"), or the whole
// email ("@sam.agent@example.com"). Only staff who may read the note are mentioned — active or away,
// working the ticket's group, or admins — each once, never its author; a handle that means nobody
// such (an employee, someone of another group, a typo) mentions nobody and is no error. The web app's
// composer writes the same forms (web/src/ticket/mentions.ts). An `@` inside a word is an address
// typed out, not a mention.
import { sql } from 'kysely';
import type { Db } from '../store/db.js';

/** `@handle` not preceded by a word character; a trailing dot ends a sentence, not the handle. */
const MENTION = /(?<![\p{L}\p{N}_])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/gu;
/** More handles than this in one note: the rest are not looked up. */
const MAX_HANDLES = 50;

/** The handles a text mentions, in lower case, each once. */
export function mentionHandles(text: string): string[] {
  const handles = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    const handle = match[1]!.replace(/\.+$/, '').toLowerCase();
    if (handle) handles.add(handle);
    if (handles.size >= MAX_HANDLES) break;
  }
  return [...handles];
}

/** The ids of the staff the note mentions who may read it, by email; none for a note without mentions. */
export async function mentionedStaff(
  db: Db,
  ticket: { group_key: string },
  text: string,
  authorId: string,
): Promise<string[]> {
  const handles = mentionHandles(text);
  if (handles.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.status', 'in', ['active', 'away'])
    .where('u.role', '!=', 'EMPLOYEE')
    .where('u.id', '!=', authorId)
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(u.email)`, 'in', handles),
        eb(sql<string>`lower(split_part(u.email, '@', 1))`, 'in', handles),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('u.role', '=', 'ADMIN'),
        eb.exists(
          eb
            .selectFrom('group_members as m')
            .innerJoin('groups as g', 'g.id', 'm.group_id')
            .select('m.user_id')
            .whereRef('m.user_id', '=', 'u.id')
            .where('g.key', '=', ticket.group_key),
        ),
      ]),
    )
    .orderBy('u.email')
    .execute();
  return rows.map((r) => r.id);
}
