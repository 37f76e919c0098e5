// Validation rules of a field's audiences (`visibleTo`, `editableBy`): each role once, nobody setting a
// value they cannot see, and a field required on submit settable by the requester, who submits. The
// shape (known roles) is definition.ts's; these read the field defensively, as validate.ts does.
import { strings, type Item, type Problem } from './defensive-reading.js';

/** The problems of one field's audiences; `path` is the field's, e.g. `fields[2]`. */
export function fieldAccessProblems(f: Item, path: string): Problem[] {
  const problems: Problem[] = [];
  const problem = (at: string, message: string) => problems.push({ path: at, message });
  const name = `field "${String(f.key)}"`;
  const visible = strings(f.visibleTo).map(([a]) => a);
  const editable = strings(f.editableBy);
  if (new Set(visible).size !== visible.length) problem(`${path}.visibleTo`, 'a role is listed twice');
  if (new Set(editable.map(([a]) => a)).size !== editable.length)
    problem(`${path}.editableBy`, 'a role is listed twice');
  if (Array.isArray(f.visibleTo)) {
    for (const [who, j] of editable) {
      if (!visible.includes(who))
        problem(
          `${path}.editableBy[${j}]`,
          `${name} is editable by ${who}, who cannot see it: add ${who} to visibleTo`,
        );
    }
  }
  // Who sets it: editableBy, else those who see it, else everyone.
  const editors = Array.isArray(f.editableBy)
    ? editable.map(([a]) => a)
    : Array.isArray(f.visibleTo)
      ? visible
      : undefined;
  if (f.required === true && editors && !editors.includes('requester')) {
    const list = Array.isArray(f.editableBy) ? 'editableBy' : 'visibleTo';
    problem(
      `${path}.required`,
      `${name} is required on submit, but the requester, who submits, may not set it: add requester to ${list} or make it optional`,
    );
  }
  return problems;
}

/** Whether the field says the requester does not see it. */
export const hiddenFromRequester = (f: Item): boolean =>
  Array.isArray(f.visibleTo) && !f.visibleTo.includes('requester');
