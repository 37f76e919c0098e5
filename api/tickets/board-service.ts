// What the desk's views read: a process's board (columns of the tickets a person may see, a page of a
// column at a time) and the dashboard of staff's work (board.ts, dashboard.ts hold the SQL and its
// visibility rules). API-only views over the read model; the ticket service (platform/tickets/) holds
// what every caller reads and changes.
import { AppError } from '../../platform/errors.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import type { Db } from '../../platform/store/db.js';
import type { Person } from '../../workflows/ticket/model.js';
import { listVisibleTickets } from '../../platform/tickets/queries.js';
import { boardOf } from './board.js';
import { dashboardOf } from './dashboard.js';

export function createBoardService(db: Db) {
  return {
    /** The board of a process: its columns, each with its first page of the tickets the person may see. */
    board: (person: Person, processKey: string, first: number, filter: unknown) =>
      boardOf(db, person, processKey, first, filter),
    /** A later page of one column. */
    column: (person: Person, filter: unknown, page: { first: number; after?: string | null }) =>
      listVisibleTickets(db, person, filter, page),
    /** The dashboard over the last `days` (staff). */
    dashboard(person: Person, days: number) {
      if (!isStaffRole(person.role))
        throw new AppError('FORBIDDEN', 'the dashboard is for staff', { reason: 'STAFF_ONLY' });
      return dashboardOf(db, person, days);
    },
  };
}

export type BoardService = ReturnType<typeof createBoardService>;
