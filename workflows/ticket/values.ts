// Field values and signal payloads against the process definition: every problem at once, each as a
// structured problem ({ path: key, message }) whose sentence names the field by its label. Pure: the
// workflow's validators and the ticket service (before it stores or sends anything) run the same checks.
import type { ProcessDefinition } from '../process/definition.js';
import type { Fields, Problem, Refusal } from './model.js';
import { fieldLabel, MAX_LISTED, shown } from './words.js';

const MAX_TEXT = 1000;

/** The longest `text` payload value a new ticket's workflow takes inline: longer ones, and every
 * `longtext` value, are stored in Postgres and arrive as `{ text: id }` (see `payloadField`). */
export const MAX_INLINE_PAYLOAD_TEXT = 200;

/** The refusal of a list of problems: its message their sentences, its details the first 100. */
export function problemsRefusal(reason: 'INVALID_FIELD' | 'INVALID_PAYLOAD', problems: Problem[]): Refusal {
  const first = problems.slice(0, MAX_LISTED);
  const more = problems.length - first.length;
  const sentences = [...first.map((p) => p.message), ...(more > 0 ? [`and ${more} more`] : [])];
  return { reason, message: sentences.join('; '), details: { problems: first } };
}

/**
 * The payload as a workflow receives it, against the signal's declared keys and types: what a sender
 * can be told before sending. Texts arrive as they are (at most `inlineText` characters) or as the id of
 * a stored text; `longtext` values only as ids. Workflows from before texts were stored took every
 * `text` value inline, up to 1,000 characters (the default). Payload keys have no labels: systems send
 * them, and the problems name them by key.
 */
export function checkPayload(
  def: ProcessDefinition,
  name: string,
  payload: Record<string, unknown>,
  inlineText = MAX_TEXT,
): Refusal | undefined {
  const signal = def.signals?.find((s) => s.name === name);
  const problems: Problem[] = [];
  const declared = new Map((signal?.payload ?? []).map((p) => [p.key, p]));
  for (const key of Object.keys(payload))
    if (!declared.has(key)) problems.push({ path: shown(key), message: `"${shown(key)}" is not declared` });
  for (const p of signal?.payload ?? []) {
    const value = payload[p.key];
    if (value === undefined || value === null || value === '') {
      if (p.required) problems.push({ path: p.key, message: `"${p.key}" is required` });
      continue;
    }
    const problem = payloadProblem(p.type, value, inlineText);
    if (problem) problems.push({ path: p.key, message: `"${p.key}" ${problem}` });
  }
  return problems.length > 0 ? problemsRefusal('INVALID_PAYLOAD', problems) : undefined;
}

function payloadProblem(type: string, value: unknown, inlineText: number): string | undefined {
  if (type !== 'text' && type !== 'longtext') return valueProblem(type, value);
  if (isStoredText(value)) return undefined;
  if (type === 'longtext') return 'is not a stored text';
  if (typeof value !== 'string') return 'is not text';
  if (value.length <= inlineText) return undefined;
  return inlineText < MAX_TEXT && value.length <= MAX_TEXT
    ? `is longer than ${inlineText} characters: it must be a stored text`
    : `is longer than ${MAX_TEXT} characters`;
}

/** `{ text: id }`: a text stored in Postgres, by its id. */
export function isStoredText(value: unknown): value is { text: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}

/** The problems of field values: unknown fields and values of the wrong type, by label. */
export function fieldProblems(def: ProcessDefinition, fields: Fields): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const field = def.fields.find((f) => f.key === key);
    if (!field) {
      problems.push({ path: shown(key), message: `This form has no field "${shown(key)}"` });
      continue;
    }
    const label = fieldLabel(def, key);
    if (field.type === 'longtext') {
      if (typeof value !== 'object' || value === null || typeof value.text !== 'string')
        problems.push({ path: key, message: `${label} is not a stored text` });
      continue;
    }
    const problem = valueProblem(field.type, value);
    if (problem) problems.push({ path: key, message: `${label} ${problem}` });
    else if (field.type === 'enum' && !field.options!.includes(value as string)) {
      problems.push({ path: key, message: `${label}: choose one of ${field.options!.join(', ')}` });
    }
  }
  return problems;
}

/** Unknown fields and values of the wrong type, as one INVALID_FIELD refusal. */
export function checkFields(def: ProcessDefinition, fields: Fields): Refusal | undefined {
  const problems = fieldProblems(def, fields);
  return problems.length > 0 ? problemsRefusal('INVALID_FIELD', problems) : undefined;
}

/** What is wrong with a value of a type, as the end of a sentence that starts with its name. */
function valueProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'is not a number';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : 'is not a date';
    case 'url':
      return typeof value === 'string' && /^https?:\/\/\S+$/.test(value) && value.length <= MAX_TEXT
        ? undefined
        : 'is not a web address (http or https)';
    case 'user':
      return typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? undefined : 'is not a person';
    default:
      if (typeof value !== 'string') return 'is not text';
      return value.length <= MAX_TEXT ? undefined : `is longer than ${MAX_TEXT} characters`;
  }
}
