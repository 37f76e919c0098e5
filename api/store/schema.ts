// Row types of the Postgres tables, as kysely sees them.
import type { ColumnType, Generated } from 'kysely';

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

export interface Database {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  requesters: RequestersTable;
}
