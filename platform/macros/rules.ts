// Who may manage which canned replies and macros, and what a saved one may be. Coordinators manage
// those of their groups, admins those of any group and those for all (no group); agents only use them.
// A saved reply's placeholders must be ones Ticketflow fills, a macro's fields, priority and transition
// those of the process it names: every problem is answered at once, in words, and nothing is saved.
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Db } from '../store/db.js';
import { invalidProblems, parseInput, type InputProblem } from '../validate.js';
import { groupKeysOf } from '../people/groups.js';
import { findPublished } from '../processes/processes.js';
import { prepareFields, isRefusal } from '../tickets/requests.js';
import { priorities } from '../../workflows/process/definition.js';
import type { Person } from '../../workflows/ticket/model.js';
import { placeholderProblems } from './placeholders.js';

const key = z.string().regex(/^[a-z][a-z0-9-]{0,99}$/, 'must be a key such as service-desk');

/** A canned reply or a macro as a coordinator or an admin saves it. */
export const macroInput = z.object({
  kind: z.enum(['reply', 'macro']),
  name: z.string().trim().min(1, 'a name is required').max(100),
  group: key.nullable().default(null),
  process: key.nullable().default(null),
  body: z.string().max(50_000).default(''),
  replyVisibility: z.enum(['public', 'internal']).nullable().default(null),
  fields: z.record(z.string(), z.unknown()).default({}),
  priority: z.enum(priorities).nullable().default(null),
  transition: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,99}$/, 'must be a transition key such as resolve')
    .nullable()
    .default(null),
});
export type MacroInput = z.infer<typeof macroInput>;

/** FORBIDDEN unless the person's role manages canned replies and macros: checked before the input. */
export function requireManagerRole(person: Person): void {
  if (person.role !== 'ADMIN' && person.role !== 'COORDINATOR')
    throw new AppError('FORBIDDEN', 'only coordinators and admins manage canned replies and macros', {
      reason: 'NOT_ALLOWED',
    });
}

/** FORBIDDEN unless the person manages canned replies and macros of `group` (null: for all groups). */
export async function requireManager(db: Db, person: Person, group: string | null): Promise<void> {
  requireManagerRole(person);
  if (person.role === 'ADMIN') return;
  if (group === null)
    throw new AppError('FORBIDDEN', 'only admins manage canned replies and macros for all groups', {
      reason: 'NOT_ALLOWED',
    });
  if (!(await groupKeysOf(db, person.userId)).includes(group))
    throw new AppError('FORBIDDEN', 'coordinators manage the canned replies and macros of their own groups only', {
      reason: 'NOT_ALLOWED',
    });
}

/** The input, parsed and checked against the process it names; BAD_USER_INPUT with every problem. */
export async function checkedInput(db: Db, raw: unknown): Promise<MacroInput> {
  const input = parseInput(macroInput, raw);
  const problems: InputProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const changes = Object.keys(input.fields).length > 0 || input.priority !== null || input.transition !== null;
  if (input.kind === 'reply') {
    if (input.body.trim() === '') problem('body', 'A canned reply needs a text');
    if (changes || input.replyVisibility !== null)
      problem('kind', 'A canned reply is only a text: field, priority and transition changes make a macro');
  } else if (input.body.trim() === '' && !changes) {
    problem('kind', 'A macro does something: a reply, field values, a priority or a transition');
  }
  const published = input.process === null ? undefined : await findPublished(db, input.process);
  if (input.process !== null && !published)
    problem('process', `There is no published process "${input.process.slice(0, 100)}"`);
  if ((Object.keys(input.fields).length > 0 || input.transition !== null) && input.process === null)
    problem('process', 'A macro that sets fields or takes a transition names the process they are of');
  const def = published?.definition;
  for (const message of placeholderProblems(
    input.body,
    def?.fields.map((f) => f.key),
  ))
    problem('body', message);
  if (def && input.transition !== null && !def.transitions.some((t) => t.key === input.transition))
    problem('transition', `${def.name} has no transition "${input.transition}"`);
  if (def && Object.keys(input.fields).length > 0) {
    const prepared = prepareFields(def, input.fields);
    if (isRefusal(prepared))
      for (const p of (prepared.details?.problems as InputProblem[] | undefined) ?? [])
        problem(`fields.${p.path}`, p.message);
  }
  if (problems.length > 0) throw invalidProblems(problems);
  return input;
}

/** The problems of a name already taken in the scope: a CONFLICT would read as a race, this is input. */
export const nameTaken = (name: string) =>
  invalidProblems([{ path: 'name', message: `A canned reply or macro named “${name}” exists in this scope already` }]);
