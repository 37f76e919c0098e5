// Saved views of the queue (issue 18): a person's own, those shared with their groups, and the built-in
// ones every staff person has. Anyone staff keeps views of their own; a view shared with a group is made,
// changed and removed only by that group's coordinators and by admins. A view one may not see does not
// exist for them (NOT_FOUND); one they see but may not change is FORBIDDEN, in words. Each person has a
// default view, where they land: the one they chose, else "My open tickets".
import { z } from 'zod';
import { AppError, notFound } from '../errors.js';
import { requireStaff } from '../people/roles.js';
import type { Db } from '../store/db.js';
import { isUniqueViolation } from '../errors.js';
import type { Person } from '../../workflows/ticket/model.js';
import { builtInViews, DEFAULT_VIEW, parseViewInput, type StoredFilter, type ViewColumn } from './view-input.js';
import type { QueueSort } from './queue-query.js';

export type ViewKind = 'BUILT_IN' | 'PERSONAL' | 'SHARED';

export interface QueueView {
  id: string;
  name: string;
  kind: ViewKind;
  /** The group a shared view is shared with. */
  group: string | null;
  filter: StoredFilter;
  sort: QueueSort;
  columns: ViewColumn[];
  isDefault: boolean;
  /** Whether the person may change or remove it. */
  mayEdit: boolean;
}

/** The person's groups, and of those the ones they coordinate (admins: every group). */
async function groupsOf(db: Db, person: Person) {
  const rows = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select('g.key')
    .where('m.user_id', '=', person.userId)
    .execute();
  const keys = rows.map((r) => r.key);
  return {
    member: keys,
    coordinates: (key: string) => person.role === 'ADMIN' || (person.role === 'COORDINATOR' && keys.includes(key)),
  };
}

async function defaultViewId(db: Db, person: Person): Promise<string> {
  const row = await db
    .selectFrom('queue_preferences')
    .select('default_view')
    .where('user_id', '=', person.userId)
    .executeTakeFirst();
  return row?.default_view ?? DEFAULT_VIEW;
}

type Row = {
  id: string;
  name: string;
  owner_user_id: string | null;
  group_key: string | null;
  filter: unknown;
  sort: string;
  columns: unknown;
};

function fromRow(row: Row, mayEdit: boolean, defaultId: string): QueueView {
  return {
    id: row.id,
    name: row.name,
    kind: row.group_key ? 'SHARED' : 'PERSONAL',
    group: row.group_key,
    filter: row.filter as StoredFilter,
    sort: row.sort as QueueSort,
    columns: row.columns as ViewColumn[],
    isDefault: row.id === defaultId,
    mayEdit,
  };
}

export function createViewService(db: Db) {
  /** The saved views the person may see: their own, their groups' shared ones (admins: every shared one). */
  async function savedViews(person: Person) {
    const groups = await groupsOf(db, person);
    const defaultId = await defaultViewId(db, person);
    let query = db
      .selectFrom('saved_views')
      .select(['id', 'name', 'owner_user_id', 'group_key', 'filter', 'sort', 'columns']);
    query = query.where((eb) =>
      eb.or([
        eb('owner_user_id', '=', person.userId),
        person.role === 'ADMIN'
          ? eb('group_key', 'is not', null)
          : groups.member.length
            ? eb('group_key', 'in', groups.member)
            : eb.lit(false),
      ]),
    );
    const rows = await query.orderBy('group_key', 'asc').orderBy('name').execute();
    return rows.map((row) =>
      fromRow(
        row,
        row.owner_user_id === person.userId || (!!row.group_key && groups.coordinates(row.group_key)),
        defaultId,
      ),
    );
  }

  /** A view the person may see, by id; NOT_FOUND otherwise (a malformed id included). */
  async function find(person: Person, id: string): Promise<QueueView> {
    const builtIn = builtInViews.find((v) => v.id === id);
    if (builtIn) {
      const defaultId = await defaultViewId(db, person);
      return { ...builtIn, kind: 'BUILT_IN', group: null, isDefault: builtIn.id === defaultId, mayEdit: false };
    }
    const view = z.uuid().safeParse(id).success ? (await savedViews(person)).find((v) => v.id === id) : undefined;
    if (!view) throw notFound('View', id);
    return view;
  }

  async function editable(person: Person, id: string): Promise<QueueView> {
    const view = await find(person, id);
    if (view.kind === 'BUILT_IN')
      throw new AppError('FORBIDDEN', `"${view.name}" is built in: save it as a view of your own to change it`, {
        reason: 'BUILT_IN_VIEW',
      });
    if (!view.mayEdit)
      throw new AppError(
        'FORBIDDEN',
        `"${view.name}" is shared with the group ${view.group}: only its coordinators and admins change it`,
        { reason: 'SHARED_VIEW' },
      );
    return view;
  }

  /** A name taken by another view of the same owner or group: CONFLICT in words. */
  const named = async <T>(name: string, write: () => Promise<T>) => {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('CONFLICT', `There is already a view named "${name}" there: choose another name`, {
          reason: 'VIEW_NAME_TAKEN',
        });
      throw error;
    }
  };

  return {
    /** Built-in views first, then the person's own, then those shared with their groups. */
    async list(person: Person): Promise<QueueView[]> {
      requireStaff(person, 'have queue views');
      const defaultId = await defaultViewId(db, person);
      const builtIns = builtInViews.map((v): QueueView => ({
        ...v,
        kind: 'BUILT_IN',
        group: null,
        isDefault: v.id === defaultId,
        mayEdit: false,
      }));
      const saved = await savedViews(person);
      const list = [...builtIns, ...saved];
      // A default view since removed (or no longer shared with them): the built-in default stands in.
      if (!list.some((v) => v.isDefault)) list.find((v) => v.id === DEFAULT_VIEW)!.isDefault = true;
      return list;
    },

    async get(person: Person, id: string): Promise<QueueView> {
      requireStaff(person, 'have queue views');
      return find(person, id);
    },

    /** The person's default view (the built-in default if theirs is gone). */
    async defaultView(person: Person): Promise<QueueView> {
      requireStaff(person, 'have queue views');
      return find(person, await defaultViewId(db, person)).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return find(person, DEFAULT_VIEW);
        throw error;
      });
    },

    async create(person: Person, raw: unknown): Promise<QueueView> {
      requireStaff(person, 'save queue views');
      const input = parseViewInput(raw, 'create');
      if (input.group) {
        const group = await db.selectFrom('groups').select('key').where('key', '=', input.group).executeTakeFirst();
        if (!group) throw notFound('Group', input.group);
        const groups = await groupsOf(db, person);
        if (!groups.coordinates(input.group))
          throw new AppError(
            'FORBIDDEN',
            `Only coordinators of the group ${input.group} and admins share views with it`,
            { reason: 'SHARED_VIEW' },
          );
      }
      const row = await named(input.name!, () =>
        db
          .insertInto('saved_views')
          .values({
            name: input.name!,
            owner_user_id: input.group ? null : person.userId,
            group_key: input.group ?? null,
            filter: JSON.stringify(input.filter ?? {}),
            sort: input.sort ?? 'SLA',
            columns: JSON.stringify(input.columns!),
            created_by: person.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      return find(person, row.id);
    },

    async update(person: Person, id: string, raw: unknown): Promise<QueueView> {
      requireStaff(person, 'change queue views');
      const view = await editable(person, id);
      const input = parseViewInput(raw, 'update');
      await named(input.name ?? view.name, () =>
        db
          .updateTable('saved_views')
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.filter !== undefined && { filter: JSON.stringify(input.filter) }),
            ...(input.sort !== undefined && { sort: input.sort }),
            ...(input.columns !== undefined && { columns: JSON.stringify(input.columns) }),
            updated_at: new Date(),
          })
          .where('id', '=', view.id)
          .execute(),
      );
      return find(person, id);
    },

    async remove(person: Person, id: string): Promise<string> {
      requireStaff(person, 'remove queue views');
      const view = await editable(person, id);
      await db.deleteFrom('saved_views').where('id', '=', view.id).execute();
      return view.id;
    },

    /** Where the person lands: any view they may see, built-in, their own or shared with them. */
    async setDefault(person: Person, id: string): Promise<QueueView> {
      requireStaff(person, 'choose a default view');
      const view = await find(person, id);
      await db
        .insertInto('queue_preferences')
        .values({ user_id: person.userId, default_view: view.id })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ default_view: view.id, updated_at: new Date() }))
        .execute();
      return { ...view, isDefault: true };
    },
  };
}

export type ViewService = ReturnType<typeof createViewService>;
