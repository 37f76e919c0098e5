// The engine's checks of field values: known fields, values of their types, and who may set each (a
// field's editableBy, field-access.ts). Pure, like the rest of the engine's checks (checks.ts), which
// run them on moves and field changes; the ticket service runs them on a new ticket's fields.
import type { ProcessDefinition } from '../process/definition.js';
import { notEditableReason, uneditableFields } from '../process/field-access.js';
import type { FieldAudience } from '../process/vocabulary.js';
import type { Fields, Refusal } from './model.js';
import { listed, MAX_LISTED, refuse, shown } from './refusal-text.js';

/** The refusal of fields the audience may not set, each named by its label; also the ticket service's
 * check of a new ticket's fields (the submitter acts as its requester unless they work its group). */
export function editRefusal(
  def: ProcessDefinition,
  audience: FieldAudience,
  keys: readonly string[],
): Refusal | undefined {
  const refused = uneditableFields(def, audience, keys);
  if (refused.length === 0) return undefined;
  const reasons = refused.map(notEditableReason);
  return refuse('INVALID_FIELD', listed(reasons), {
    problems: refused.slice(0, MAX_LISTED).map((f, i) => `${f.key}: ${reasons[i]!}`),
  });
}

/** Unknown fields and values of the wrong type. */
export function checkFields(def: ProcessDefinition, fields: Fields): Refusal | undefined {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const field = def.fields.find((f) => f.key === key);
    if (!field) {
      problems.push(`${shown(key)}: no such field`);
      continue;
    }
    if (field.type === 'longtext') {
      if (typeof value !== 'object' || value === null || typeof value.text !== 'string')
        problems.push(`${key}: expected the id of a stored text`);
      continue;
    }
    const problem = valueProblem(field.type, value);
    if (problem) problems.push(`${key}: ${problem}`);
    else if (field.type === 'enum' && !field.options!.includes(value as string)) {
      problems.push(`${key}: "${shown(String(value))}" is not one of ${field.options!.join(', ')}`);
    }
  }
  if (problems.length === 0) return undefined;
  return refuse('INVALID_FIELD', `invalid fields: ${listed(problems)}`, { problems: problems.slice(0, MAX_LISTED) });
}

/** The longest plain text value (a `text` field, a URL). */
export const MAX_TEXT = 1000;

export function valueProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : 'expected a date YYYY-MM-DD';
    case 'url':
      return typeof value === 'string' && /^https?:\/\/\S+$/.test(value) && value.length <= MAX_TEXT
        ? undefined
        : 'expected an http(s) URL';
    case 'user':
      return typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? undefined : 'expected a user id';
    default:
      if (typeof value !== 'string') return 'expected text';
      return value.length <= MAX_TEXT ? undefined : `longer than ${MAX_TEXT} characters`;
  }
}
