// Who may set a field (its editableBy, field-access.ts): the engine's refusal of fields the actor may
// not set, each named by its label. Pure, like the rest of the engine's checks (checks.ts, which runs
// it on moves and field changes); the ticket service runs it on a new ticket's fields.
import type { ProcessDefinition } from '../process/definition.js';
import { notEditableReason, uneditableFields } from '../process/field-access.js';
import type { FieldAudience } from '../process/vocabulary.js';
import type { Refusal } from './model.js';
import { problemsRefusal } from './values.js';

/** The refusal of fields the audience may not set; also the ticket service's check of a new ticket's
 * fields (the submitter acts as its requester unless they work its group). */
export function editRefusal(
  def: ProcessDefinition,
  audience: FieldAudience,
  keys: readonly string[],
): Refusal | undefined {
  const refused = uneditableFields(def, audience, keys);
  if (refused.length === 0) return undefined;
  return problemsRefusal(
    'INVALID_FIELD',
    refused.map((f) => ({ path: f.key, message: notEditableReason(f) })),
  );
}
