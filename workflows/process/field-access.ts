// Who sees and who sets each field of a process (a field's `visibleTo` and `editableBy`), and the words
// a refusal uses for it. Pure and free of zod: the engine's checks, the ticket service's reads and
// forms, and the definition's validation share it.
import type { FieldDefinition, ProcessDefinition } from './definition.js';
import { fieldAudiences, isStaffRole, type FieldAudience, type Role } from './vocabulary.js';

/** Who sees the field: everyone who sees the ticket unless it says otherwise. */
export const viewersOf = (f: FieldDefinition): readonly FieldAudience[] => f.visibleTo ?? fieldAudiences;

/** Who sets the field: those who see it unless it says otherwise (none: the process alone). */
export const editorsOf = (f: FieldDefinition): readonly FieldAudience[] => f.editableBy ?? viewersOf(f);

export const mayView = (f: FieldDefinition, audience: FieldAudience): boolean => viewersOf(f).includes(audience);
export const mayEdit = (f: FieldDefinition, audience: FieldAudience): boolean => editorsOf(f).includes(audience);

/** A field the requester neither sees nor sets is for staff only: the form of a requester leaves it out. */
export const isStaffOnly = (f: FieldDefinition): boolean => !mayEdit(f, 'requester');

/**
 * Whom a person counts as on a ticket: staff who work it (admins; agents and coordinators of its group)
 * by their role, anyone else who reaches it (its requester, an employee, staff of another group who
 * asked for it) as its requester. A system submitting for a requester is the requester too.
 */
export function audienceOf(role: Role, worksOnTicket: boolean): FieldAudience {
  return worksOnTicket && isStaffRole(role) ? (role as FieldAudience) : 'requester';
}

/** Whether anything of the definition is hidden from someone: most processes have no such field. */
export const hasFieldAccessRules = (def: Pick<ProcessDefinition, 'fields'>): boolean =>
  def.fields.some((f) => f.visibleTo !== undefined || f.editableBy !== undefined);

/** The values the audience may see: fields hidden from them are left out (values of keys the
 * definition no longer has are kept, as they always were). */
export function visibleValues<V>(
  def: Pick<ProcessDefinition, 'fields'>,
  audience: FieldAudience,
  values: Record<string, V>,
): Record<string, V> {
  if (!hasFieldAccessRules(def)) return values;
  const hidden = new Set(def.fields.filter((f) => !mayView(f, audience)).map((f) => f.key));
  return Object.fromEntries(Object.entries(values).filter(([key]) => !hidden.has(key)));
}

const words: Record<FieldAudience, string> = {
  requester: 'the requester',
  AGENT: 'agents',
  COORDINATOR: 'coordinators',
  ADMIN: 'admins',
};

/** "agents, coordinators and admins": a list of audiences in words. */
export function audienceWords(audiences: readonly FieldAudience[]): string {
  const listed = fieldAudiences.filter((a) => audiences.includes(a)).map((a) => words[a]);
  if (listed.length <= 1) return listed[0] ?? 'nobody';
  return `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`;
}

/** Why someone not among its editors may not set the field, in words made from its label. */
export function notEditableReason(f: FieldDefinition): string {
  const editors = editorsOf(f);
  return editors.length === 0
    ? `${f.label} is set by the process only`
    : `${f.label} is set by ${audienceWords(editors)} only`;
}

/** The fields among `keys` the audience may not set (unknown keys are another check's business). */
export function uneditableFields(
  def: Pick<ProcessDefinition, 'fields'>,
  audience: FieldAudience,
  keys: readonly string[],
): FieldDefinition[] {
  if (!hasFieldAccessRules(def)) return [];
  return keys.flatMap((key) => {
    const f = def.fields.find((d) => d.key === key);
    return f && !mayEdit(f, audience) ? [f] : [];
  });
}
