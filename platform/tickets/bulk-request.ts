// What a bulk action may be, checked in full before any ticket is touched: the caller's bulk id (a retry
// sends it again), up to MAX_BULK distinct ticket numbers, and exactly one action. Every problem comes
// back at once as a typed BAD_USER_INPUT, each a sentence naming its input.
import { z } from 'zod';
import { invalidProblems, plainObject, type InputProblem } from '../validate.js';
import { wordedProblems } from '../input-words.js';
import { priorities } from '../../workflows/process/vocabulary.js';

/** The most tickets one bulk action takes: a page of the queue or a full board column, with room. */
export const MAX_BULK = 200;

/** The kinds of bulk action, by the key that names each. `macro` runs service.applyMacro (macros part). */
export const bulkKinds = ['assign', 'priority', 'transition', 'macro'] as const;
export type BulkKind = (typeof bulkKinds)[number];

// A number that names no ticket is that ticket's NOT_FOUND, not the request's problem.
const number = z.string().trim().min(1).max(50);
const actions = {
  assign: z.strictObject({ assign: z.uuid().nullable() }),
  priority: z.strictObject({ priority: z.enum(priorities) }),
  transition: z.strictObject({
    transition: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, 'must be a transition key such as resolve'),
    fields: plainObject.optional(),
  }),
  macro: z.strictObject({ macro: z.string().trim().min(1).max(200) }),
} satisfies Record<BulkKind, z.ZodType>;

export type BulkAction =
  | z.infer<typeof actions.assign>
  | z.infer<typeof actions.priority>
  | z.infer<typeof actions.transition>
  | z.infer<typeof actions.macro>;

const request = z.strictObject({
  bulkId: z.string().trim().min(1).max(200),
  numbers: z.array(number).max(MAX_BULK),
  action: plainObject,
});

export interface BulkRequest {
  bulkId: string;
  numbers: string[];
  action: BulkAction;
}

const labels = { bulkId: 'Bulk id', numbers: 'Tickets', action: 'Action' };
const actionLabels = {
  assign: 'Assignee',
  priority: 'Priority',
  transition: 'Transition',
  fields: 'Fields',
  macro: 'Macro',
};

/** The kind of an action: the one known key it names (the transition's `fields` go with it). */
export function kindOf(action: BulkAction): BulkKind {
  return bulkKinds.find((kind) => kind in action)!;
}

/** The request, parsed; BAD_USER_INPUT listing every problem otherwise. */
export function parseBulkRequest(raw: unknown): BulkRequest {
  const parsed = wordedProblems(request, raw, labels);
  const problems: InputProblem[] = [...parsed.problems];
  const rawAction = (raw as { action?: unknown } | null)?.action;
  const named = rawAction && typeof rawAction === 'object' ? bulkKinds.filter((kind) => kind in rawAction) : [];
  let action: BulkAction | undefined;
  if (parsed.data && named.length !== 1) {
    problems.push({ path: 'action', message: 'Action must be exactly one of assign, priority, transition or macro' });
  } else if (parsed.data) {
    const kind = named[0]!;
    const checked = wordedProblems(actions[kind], rawAction, actionLabels);
    if (checked.data) action = checked.data as BulkAction;
    for (const p of checked.problems)
      problems.push({ path: p.path ? `action.${p.path}` : 'action', message: p.message });
  }
  const numbers = parsed.data?.numbers ?? [];
  if (parsed.data && numbers.length === 0) problems.push({ path: 'numbers', message: 'Tickets: choose at least one' });
  const twice = [...new Set(numbers.filter((n, i) => numbers.indexOf(n) !== i))];
  if (twice.length > 0)
    problems.push({ path: 'numbers', message: `Tickets names ${twice.slice(0, 10).join(', ')} more than once` });
  if (problems.length > 0 || !parsed.data || !action) throw invalidProblems(problems);
  return { bulkId: parsed.data.bulkId, numbers, action };
}
