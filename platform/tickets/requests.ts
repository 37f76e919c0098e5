// What callers may ask of the ticket service, checked in full before anything is written or sent:
// shapes and sizes (zod, after the text rule), field values against the process definition, signal
// payloads against the signal's declaration. A request that passes fits in a workflow's history; long
// texts (descriptions, long-text fields, payload texts) are split off here to be stored in Postgres.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { plainObject, text } from '../validate.js';
import { priorities, type ProcessDefinition } from '../../workflows/process/definition.js';
import {
  checkPayload,
  fieldProblems,
  MAX_INLINE_PAYLOAD_TEXT,
  problemsRefusal,
} from '../../workflows/ticket/values.js';
import type { Fields, Problem, Refusal } from '../../workflows/ticket/model.js';
import { fieldLabel } from '../../workflows/ticket/words.js';

/** Descriptions, comments, long-text fields and payload values; a plain text field or payload value
 * holds at most 1,000 characters. */
export const MAX_LONG_TEXT = 50_000;
const MAX_TEXT = 1000;
/** The serialized size of the values of one request. What reaches the workflow is far smaller: long
 * texts become ids, other values hold at most 1,000 characters, and a definition has few fields. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

const name = z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, 'must be a name such as resolve or jira.issue_resolved');
const version = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31);
const requestId = z.string().min(1).max(200);
const bounded = plainObject.refine((value) => JSON.stringify(value).length <= MAX_REQUEST_BYTES, {
  message: `must be at most ${MAX_REQUEST_BYTES / 1024 / 1024} MiB as JSON`,
});

export const createRequest = z.object({
  process: z.string().regex(/^[a-z][a-z0-9-]{0,99}$/, 'must be a process key'),
  title: text(200),
  description: z.string().max(MAX_LONG_TEXT).optional(),
  requester: z.union([z.object({ userId: z.uuid() }), z.object({ name: text(200), email: z.email().max(320) })]),
  fields: bounded.default({}),
  priority: z.enum(priorities).optional(),
  /** The caller's id for this request: a retried create makes one ticket. The service makes one when absent. */
  idempotencyKey: requestId.default(() => randomUUID()),
});
export type CreateTicketRequest = z.input<typeof createRequest>;

/** Every change may carry the caller's update id: a retry after UNAVAILABLE with the same id applies once. */
const change = { updateId: requestId.optional(), expectedVersion: version.optional() };

export const moveRequest = z.object({ transition: name, fields: bounded.optional(), ...change });
export const setFieldsRequest = z.object({ fields: bounded, ...change });
export const setPriorityRequest = z.object({ priority: z.enum(priorities), ...change });
export const reassignRequest = z.object({
  userId: z.uuid().nullable(),
  group: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,99}$/, 'must be a group key')
    .optional(),
  ...change,
});
export const commentRequest = z.object({
  body: text(MAX_LONG_TEXT),
  visibility: z.enum(['public', 'internal']),
  updateId: requestId.optional(),
});
export const signalRequest = z.object({
  name,
  payload: bounded,
  idempotencyKey: requestId,
  source: z.string().min(1).max(200),
});

/** Field values split into what the workflow holds and the long texts Postgres keeps, or the refusal. */
export function prepareFields(
  def: ProcessDefinition,
  raw: Record<string, unknown>,
): { fields: Fields; longTexts: [string, string][] } | Refusal {
  const fields: Fields = {};
  const longTexts: [string, string][] = [];
  // Long texts come as text: a caller never names a stored text (it could be any of the ticket's).
  const textProblems: Problem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (def.fields.find((f) => f.key === key)?.type !== 'longtext') {
      Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const label = fieldLabel(def, key);
    if (typeof value !== 'string') textProblems.push({ path: key, message: `${label} is not text` });
    else if (value.length > MAX_LONG_TEXT)
      textProblems.push({ path: key, message: `${label} is longer than ${MAX_LONG_TEXT} characters` });
    else longTexts.push([key, value]);
  }
  // Long texts stand in as ids for the same check the workflow runs.
  const placeholders = Object.fromEntries(longTexts.map(([key]) => [key, { text: 'not-yet-stored' }]));
  const problems = [...textProblems, ...fieldProblems(def, { ...fields, ...placeholders })];
  return problems.length > 0 ? problemsRefusal('INVALID_FIELD', problems) : { fields, longTexts };
}

/**
 * A signal's payload split into what the workflow holds and the texts Postgres keeps (by payload key),
 * or the refusal. Texts come as strings: a sender never names a stored text. Every `longtext` value and
 * every `text` value longer than MAX_INLINE_PAYLOAD_TEXT is kept in Postgres; see `payloadField`.
 */
export function preparePayload(
  def: ProcessDefinition,
  name: string,
  raw: Record<string, unknown>,
): { payload: Record<string, unknown>; texts: [string, string][] } | Refusal {
  const declared = new Map((def.signals?.find((s) => s.name === name)?.payload ?? []).map((p) => [p.key, p.type]));
  const payload: Record<string, unknown> = {};
  const texts: [string, string][] = [];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const type = declared.get(key);
    const isText = (type === 'text' || type === 'longtext') && value !== null && value !== '';
    if (isText && typeof value === 'string') {
      const max = type === 'text' ? MAX_TEXT : MAX_LONG_TEXT;
      if (value.length > max) problems.push({ path: key, message: `"${key}" is longer than ${max} characters` });
      else if (type === 'longtext' || value.length > MAX_INLINE_PAYLOAD_TEXT) texts.push([key, value]);
      else payload[key] = value;
    } else if (isText) problems.push({ path: key, message: `"${key}" is not text` });
    else Object.defineProperty(payload, key, { value, enumerable: true, writable: true, configurable: true });
  }
  // Stored texts stand in as ids for the same check the workflow runs (undeclared keys, required ones).
  const placeholders = Object.fromEntries(texts.map(([key]) => [key, { text: 'not-yet-stored' }]));
  const refusal = checkPayload(def, name, { ...payload, ...placeholders }, MAX_INLINE_PAYLOAD_TEXT);
  const named = new Set(problems.map((p) => p.path));
  const more = ((refusal?.details?.problems as Problem[] | undefined) ?? []).filter((p) => !named.has(p.path));
  const all = [...problems, ...more];
  return all.length === 0 ? { payload, texts } : problemsRefusal('INVALID_PAYLOAD', all);
}

export const isRefusal = (value: object): value is Refusal => 'reason' in value;
