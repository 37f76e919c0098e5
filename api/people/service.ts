// The people service: accounts, roles, statuses, groups and the audit log, with who may do what checked
// inside. Admins run accounts and groups; coordinators list the people of their groups (admin.ts);
// staff list groups; a person changes their own away status. Registration and sign-in are accounts.ts.
// API-only: it stands on sign-ins and password hashing (api/auth/); the CLI's operator commands use the
// stores below it (platform/people/).
import type { Db } from '../../platform/store/db.js';
import { listGroups, listMembers } from '../../platform/people/groups.js';
import { requireAdmin, requireStaff } from '../../platform/people/roles.js';
import type { User } from '../../platform/people/users.js';
import { decideRegistration } from './accounts.js';
import {
  addGroupMember,
  changeRole,
  changeStatus,
  createAccount,
  createGroup,
  listPeople,
  readAuditLog,
  removeGroupMember,
} from './admin.js';

export function createPeopleService(db: Db) {
  /** The admin, once checked. */
  const admin = (person: User) => {
    requireAdmin(person);
    return person;
  };
  return {
    /** People the viewer may list (admins everyone, coordinators their groups'). */
    list: (viewer: User, filter: { role?: string; status?: string }) => listPeople(db, viewer, filter),
    /** Every group with its members (staff). */
    groups(viewer: User) {
      requireStaff(viewer, 'list groups');
      return listGroups(db);
    },
    members: (groupId: string) => listMembers(db, groupId),
    /** The audit log, newest first, a page at a time (admins). */
    auditLog(viewer: User, page: { first: number; after?: string | null }) {
      requireAdmin(viewer);
      return readAuditLog(db, page);
    },
    createAccount: (viewer: User, input: unknown) => createAccount(db, admin(viewer), input),
    setRole: (viewer: User, userId: string, role: string) => changeRole(db, admin(viewer), userId, role),
    /** Admins set anyone's status; staff set their own away and back (admin.ts). */
    setStatus: (viewer: User, userId: string, status: string) => changeStatus(db, viewer, userId, status),
    createGroup: (viewer: User, input: { key: string; name: string }) => createGroup(db, admin(viewer), input),
    addMember: (viewer: User, group: string, userId: string) => addGroupMember(db, admin(viewer), group, userId),
    removeMember: (viewer: User, group: string, userId: string) => removeGroupMember(db, admin(viewer), group, userId),
    /** An admin's decision on a registration. */
    decideRegistration: (viewer: User, userId: string, approve: boolean) =>
      decideRegistration(db, admin(viewer).id, userId, approve),
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
