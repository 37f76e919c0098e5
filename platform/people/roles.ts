// What a person's role lets them do anywhere, checked inside the services before anything is read or
// written: admins run the desk, staff (agents, coordinators, admins) read how it is set up. The API
// first turns its viewer into a person (api/graphql/viewer.ts), so a caller who is nobody, or a system,
// is refused there with the same words for every operation.
import { AppError } from '../errors.js';
import type { Role } from '../store/schema.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';

/** FORBIDDEN unless the person is an admin. */
export function requireAdmin(person: { role: Role | string }): void {
  if (person.role !== 'ADMIN') throw new AppError('FORBIDDEN', 'only admins do this', { reason: 'ADMIN_ONLY' });
}

/** FORBIDDEN unless the person works the desk (agents, coordinators, admins); `what` they may then do. */
export function requireStaff(person: { role: Role | string }, what: string): void {
  if (!isStaffRole(person.role as Role))
    throw new AppError('FORBIDDEN', `only staff ${what}`, { reason: 'STAFF_ONLY' });
}
