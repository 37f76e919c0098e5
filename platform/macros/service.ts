// Canned replies and macros: listed for the staff who use them (all of those they may use, or those
// for one ticket), saved and removed by those who manage them (rules.ts). Applying a macro and filling
// a reply for a ticket are the ticket service's (platform/tickets/macro-change.ts), which reads them here.
import type { Selectable } from 'kysely';
import { AppError, isUniqueViolation, notFound } from '../errors.js';
import type { Db } from '../store/db.js';
import type { MacrosTable } from '../store/schema.js';
import { groupKeysOf } from '../people/groups.js';
import { requireStaff } from '../people/roles.js';
import { findVisibleTicket } from '../tickets/queries.js';
import type { Person } from '../../workflows/ticket/model.js';
import { checkedInput, nameTaken, requireManager, requireManagerRole, type MacroInput } from './rules.js';

export type MacroRow = Selectable<MacrosTable>;

const USE = 'use canned replies and macros';

/** The columns a saved input fills. */
const columnsOf = (input: MacroInput) => ({
  kind: input.kind,
  name: input.name,
  group_key: input.group,
  process_key: input.process,
  body: input.body,
  reply_visibility: input.kind === 'macro' && input.body.trim() !== '' ? (input.replyVisibility ?? 'public') : null,
  fields: JSON.stringify(input.fields),
  priority: input.priority,
  transition: input.transition,
});

export function createMacroService(db: Db) {
  /** A saved one by id; NOT_FOUND in words for an id that is none (or not a uuid). */
  async function get(id: string): Promise<MacroRow> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    const row = uuid ? await db.selectFrom('macros').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('Canned reply or macro', id.slice(0, 100));
    return row;
  }

  /** Saves the row, answering a name already taken in its scope as input to change. */
  async function saving(run: () => Promise<MacroRow>, name: string): Promise<MacroRow> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
  }

  return {
    get,

    /**
     * Those the person may use: on one ticket they may see (NOT_FOUND otherwise), those of its group and
     * those for all, of its process or of none; without a ticket, those of their groups and for all
     * (an admin: every one). By kind, then name.
     */
    async list(person: Person, ticketNumber?: string | null): Promise<MacroRow[]> {
      requireStaff(person, USE);
      let query = db.selectFrom('macros').selectAll().orderBy('kind', 'desc').orderBy('name');
      if (ticketNumber) {
        const ticket = await findVisibleTicket(db, person, ticketNumber);
        query = query
          .where((w) => w.or([w('group_key', 'is', null), w('group_key', '=', ticket.group_key)]))
          .where((w) => w.or([w('process_key', 'is', null), w('process_key', '=', ticket.process_key)]));
      } else if (person.role !== 'ADMIN') {
        const groups = await groupKeysOf(db, person.userId);
        query = query.where((w) =>
          w.or([w('group_key', 'is', null), ...(groups.length > 0 ? [w('group_key', 'in', groups)] : [])]),
        );
      }
      return query.execute();
    },

    /** One the person may use on the ticket (as list() finds them); NOT_FOUND for any other. */
    async forTicket(person: Person, ticket: { group_key: string; process_key: string }, id: string) {
      const row = await get(id);
      const fits =
        (row.group_key === null || row.group_key === ticket.group_key) &&
        (row.process_key === null || row.process_key === ticket.process_key);
      if (!fits) throw new AppError('NOT_FOUND', `“${row.name}” is not for this ticket`, { what: 'Macro', id });
      return row;
    },

    async create(person: Person, raw: unknown): Promise<MacroRow> {
      requireManagerRole(person);
      const input = await checkedInput(db, raw);
      await requireManager(db, person, input.group);
      return saving(
        () =>
          db
            .insertInto('macros')
            .values({ ...columnsOf(input), created_by: person.userId })
            .returningAll()
            .executeTakeFirstOrThrow(),
        input.name,
      );
    },

    /** Replaces one; the person must manage both the group it was of and the one it is for now. */
    async update(person: Person, id: string, raw: unknown): Promise<MacroRow> {
      requireManagerRole(person);
      const before = await get(id);
      await requireManager(db, person, before.group_key);
      const input = await checkedInput(db, raw);
      await requireManager(db, person, input.group);
      return saving(
        () =>
          db
            .updateTable('macros')
            .set({ ...columnsOf(input), updated_at: new Date() })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow(),
        input.name,
      );
    },

    async remove(person: Person, id: string): Promise<MacroRow> {
      requireManagerRole(person);
      const before = await get(id);
      await requireManager(db, person, before.group_key);
      await db.deleteFrom('macros').where('id', '=', id).execute();
      return before;
    },
  };
}

export type MacroService = ReturnType<typeof createMacroService>;
