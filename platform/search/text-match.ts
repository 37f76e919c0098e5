// Whether a ticket's text matches words, as one SQL condition on `tickets`: the ticket list's and board's
// `text` filter (platform/tickets/queries.ts) and search (ticket-search.ts) both use it, so the two
// never disagree about what matches. Internal notes count only for those who work the ticket — admins,
// and staff of its group — by the same rule as reading them (platform/tickets/access.ts worksOnTicket).
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Person } from '../../workflows/ticket/model.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import { searchConfig } from './language.js';
import { groupKeysOf } from '../tickets/queries.js';

/** The words as a text-search query, in web search syntax ("quoted phrase", or, -not). */
export const tsQuery = (text: string) => sql`websearch_to_tsquery(${searchConfig}, ${text})`;

/** True where the person works the ticket, so reads its internal notes (a condition on `tickets`). */
export function worksOn(person: Person) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    if (person.role === 'ADMIN') return eb.lit(true);
    if (!isStaffRole(person.role)) return eb.lit(false);
    return eb('tickets.group_key', 'in', groupKeysOf(eb, person.userId));
  };
}

/** The ticket's text the person may read matches `text`. Each document's GIN index answers its half. */
export function textMatches(person: Person | undefined, text: string) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    const inDoc = (doc: 'public_doc' | 'staff_doc') =>
      eb(
        'tickets.id',
        'in',
        eb
          .selectFrom('ticket_search')
          .select('ticket_search.ticket_id')
          .where(sql<boolean>`${sql.ref(doc)} @@ ${tsQuery(text)}`),
      );
    if (!person || !isStaffRole(person.role)) return inDoc('public_doc');
    if (person.role === 'ADMIN') return inDoc('staff_doc');
    return eb.or([inDoc('public_doc'), eb.and([worksOn(person)(eb), inDoc('staff_doc')])]);
  };
}
