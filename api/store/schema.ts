// Row types of the Postgres tables, as kysely sees them.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ProcessDefinition } from '../../workflows/process/definition.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export const roles = ['EMPLOYEE', 'AGENT', 'COORDINATOR', 'ADMIN'] as const;
export type Role = (typeof roles)[number];
export const userStatuses = ['active', 'away', 'inactive'] as const;
export type UserStatus = (typeof userStatuses)[number];

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface GroupsTable {
  id: Generated<string>;
  key: string;
  name: string;
  created_at: CreatedAt;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  position: Generated<number>;
  joined_at: CreatedAt;
}

export interface RequestersTable {
  id: Generated<string>;
  name: string;
  email: string;
  user_id: string | null;
  created_at: CreatedAt;
}

export interface ProcessDraftsTable {
  key: string;
  /** Unvalidated while it is a draft. */
  definition: ColumnType<unknown, string, string>;
  updated_by: string;
  updated_at: UpdatedAt;
}

export interface ProcessVersionsTable {
  key: string;
  version: number;
  definition: JSONColumnType<ProcessDefinition, string, never>;
  published_by: string;
  published_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject: string;
  details: JSONColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface Database {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  requesters: RequestersTable;
  process_drafts: ProcessDraftsTable;
  process_versions: ProcessVersionsTable;
  audit_log: AuditLogTable;
}
