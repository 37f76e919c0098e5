// Why an input would be refused: the synchronous checks behind every update validator. Pure, like the
// interpreter that applies what they let through.
import { isStaffRole } from '../process/vocabulary.js';
import { audienceOf } from '../process/field-access.js';
import { checkFields, editRefusal, MAX_TEXT, valueProblem } from './field-checks.js';
import { listed, MAX_LISTED, refuse, shown } from './refusal-text.js';
import type { ProcessDefinition, TransitionDefinition } from '../process/definition.js';
import type { Fields, FieldValue, Input, Person, ReassignRequest, Refusal, TicketState } from './model.js';

export { checkFields, editRefusal } from './field-checks.js';

/** Why an input would be refused, or undefined. */
export function check(def: ProcessDefinition, state: TicketState, input: Input): Refusal | undefined {
  switch (input.type) {
    case 'move':
      return checkMove(def, state, input.actor, input.transition, input.fields ?? {}, input.expectedVersion);
    case 'signal':
      // A redelivery is accepted (and changes nothing) even where the signal no longer applies.
      if (state.signalKeys.includes(input.idempotencyKey)) return undefined;
      return checkSignal(def, state, input.name, input.payload);
    case 'reassign':
      return (
        checkStaff(state, input.actor, input.expectedVersion) ?? checkOpen(def, state) ?? checkAssignee(state, input)
      );
    case 'set_priority':
      return (
        checkStaff(state, input.actor, input.expectedVersion) ??
        checkOpen(def, state) ??
        (['COORDINATOR', 'ADMIN'].includes(input.actor.role)
          ? undefined
          : refuse('NOT_ALLOWED', 'only coordinators and admins set the priority'))
      );
    case 'set_fields':
      return (
        checkStaff(state, input.actor, input.expectedVersion) ??
        checkOpen(def, state) ??
        checkFields(def, input.fields) ??
        checkEditable(def, state, input.actor, input.fields)
      );
    case 'attachment':
      return worksOn(state, input.actor) || isRequester(state, input.actor)
        ? checkOpen(def, state)
        : refuse('NOT_ALLOWED', "only staff of the ticket's group and the requester attach files to a ticket");
    case 'comment':
      if (input.visibility === 'internal' && !worksOn(state, input.actor)) {
        return refuse('NOT_ALLOWED', notStaff(state, input.actor, 'write internal comments'));
      }
      return worksOn(state, input.actor) || isRequester(state, input.actor)
        ? undefined
        : refuse('NOT_ALLOWED', "only staff of the ticket's group and the requester comment on a ticket");
    default:
      return undefined;
  }
}

export function transitionOf(def: ProcessDefinition, key: string): TransitionDefinition | undefined {
  return def.transitions.find((t) => t.key === key);
}

const isRequester = (state: TicketState, actor: Person) =>
  state.requester.userId !== null && state.requester.userId === actor.userId;

/** Whether the person works this ticket, with the rights of their role: admins every ticket, agents and
 * coordinators the tickets of their groups. Anyone else acts on it as its requester or not at all. A
 * person without group keys (histories from before groups were checked) works any ticket their role does. */
function worksOn(state: TicketState, actor: Person): boolean {
  if (actor.role === 'ADMIN') return true;
  if (!isStaffRole(actor.role)) return false;
  return actor.groups === undefined || actor.groups.includes(state.group);
}

/** Whether a transition open to the actor's role is open to them on this ticket: staff roles count on
 * the tickets they work, the employee role on the employee's own tickets (people without group keys, in
 * histories from before, on any ticket). */
function roleCounts(state: TicketState, actor: Person): boolean {
  if (isStaffRole(actor.role)) return worksOn(state, actor);
  return actor.groups === undefined || isRequester(state, actor);
}

/** Why someone who does not work the ticket may not do `what`: their role, or the ticket's group. */
function notStaff(state: TicketState, actor: Person, what: string): string {
  return isStaffRole(actor.role)
    ? `only members of group "${state.group}" and admins ${what} on ticket ${state.number}`
    : `only agents, coordinators and admins ${what}`;
}

function checkOpen(def: ProcessDefinition, state: TicketState): Refusal | undefined {
  if (state.category !== 'done') return undefined;
  const canReopen = def.transitions.some((t) => t.from.includes(state.state));
  return canReopen
    ? undefined
    : refuse('TICKET_CLOSED', `ticket ${state.number} is ${state.state}: it can no longer change`);
}

function checkVersion(state: TicketState, expected: number | undefined): Refusal | undefined {
  if (expected === undefined || expected === state.version) return undefined;
  return refuse(
    'STALE_VERSION',
    `ticket ${state.number} changed since version ${expected}: it is at version ${state.version}`,
    {
      expectedVersion: expected,
      currentVersion: state.version,
    },
  );
}

/**
 * Agents claim tickets of their group (or give back their own); coordinators and admins assign them, also
 * to another group. The assignee must work in the group the ticket ends up in, or be an admin: someone
 * else could not work it. (Requests from before groups were checked carry neither the actor's groups nor
 * the assignee's, and are held to the role rules only.)
 */
function checkAssignee(state: TicketState, request: ReassignRequest): Refusal | undefined {
  const { actor, userId } = request;
  const target = request.group ?? state.group;
  if (actor.role === 'AGENT') {
    const claims = userId === actor.userId;
    const givesBack = userId === null && state.assignee === actor.userId;
    if (!claims && !givesBack)
      return refuse('NOT_ALLOWED', 'agents assign tickets to themselves only; coordinators assign them to others');
    if (actor.groups !== undefined && target !== state.group)
      return refuse('NOT_ALLOWED', 'agents do not move tickets to another group; coordinators do');
  }
  const assignee = request.assignee;
  if (userId === null || assignee === undefined) return undefined;
  if (assignee.role === 'ADMIN' || (isStaffRole(assignee.role) && assignee.groups.includes(target))) return undefined;
  const problem = `userId: not a member of group "${target}"`;
  return refuse('INVALID_FIELD', `the assignee must work in group "${target}" (or be an admin)`, {
    problems: [problem],
  });
}

function checkStaff(state: TicketState, actor: Person, expected: number | undefined): Refusal | undefined {
  if (!worksOn(state, actor)) return refuse('NOT_ALLOWED', notStaff(state, actor, 'change this'));
  return checkVersion(state, expected);
}

function checkMove(
  def: ProcessDefinition,
  state: TicketState,
  actor: Person,
  key: string,
  fields: Fields,
  expectedVersion: number | undefined,
): Refusal | undefined {
  const t = transitionOf(def, key);
  if (!t)
    return refuse(
      'UNKNOWN_TRANSITION',
      `process ${def.key} v${state.process.version} has no transition "${shown(key)}"`,
    );
  // A caller who saw an older version learns that first: the rest of its view may be outdated too.
  const stale = checkVersion(state, expectedVersion);
  if (stale) return stale;
  if (!t.from.includes(state.state)) {
    if (state.category === 'done') return refuse('TICKET_CLOSED', `ticket ${state.number} is ${state.state}`);
    return refuse('NOT_FROM_STATE', `"${key}" cannot be taken from state "${state.state}"`, {
      state: state.state,
      from: t.from,
    });
  }
  const people = t.by.filter((by) => by !== 'system');
  if (people.length === 0) return refuse('SYSTEM_ONLY', `"${key}" is taken by the system only`);
  const byRole = people.includes(actor.role) && roleCounts(state, actor);
  const allowed = actor.role === 'ADMIN' || byRole || (people.includes('requester') && isRequester(state, actor));
  if (!allowed) {
    const why = isStaffRole(actor.role) ? `not a member of group "${state.group}"` : 'not its requester';
    const outside = people.includes(actor.role) ? `, ${why}` : '';
    return refuse('NOT_ALLOWED', `"${key}" may be taken by ${people.join(', ')}; you are ${actor.role}${outside}`, {
      by: people,
    });
  }
  const invalid = checkFields(def, fields) ?? checkEditable(def, state, actor, fields);
  if (invalid) return invalid;
  const missing = (t.requires ?? []).filter((f) => isEmpty(fields[f] ?? state.fields[f]));
  if (missing.length > 0) {
    return refuse('REQUIRED_FIELD_MISSING', `"${key}" requires ${missing.join(', ')}`, { fields: missing });
  }
  return undefined;
}

function checkSignal(
  def: ProcessDefinition,
  state: TicketState,
  name: string,
  payload: Record<string, unknown>,
): Refusal | undefined {
  const signal = def.signals?.find((s) => s.name === name);
  if (!signal)
    return refuse('UNKNOWN_SIGNAL', `process ${def.key} v${state.process.version} accepts no signal "${shown(name)}"`);
  const where =
    signal.states ??
    (signal.effect.kind === 'transition'
      ? transitionOf(def, signal.effect.transition)!.from
      : def.states.filter((s) => s.category !== 'done').map((s) => s.key));
  if (!where.includes(state.state)) {
    return refuse('SIGNAL_NOT_APPLICABLE', `"${name}" does not apply in state "${state.state}"`, {
      state: state.state,
      states: where,
    });
  }
  return checkPayload(def, name, payload, state.signalTextsStored ? MAX_INLINE_PAYLOAD_TEXT : MAX_TEXT);
}

/** The longest `text` payload value a new ticket's workflow takes inline: longer ones, and every
 * `longtext` value, are stored in Postgres and arrive as `{ text: id }` (see `payloadField`). */
export const MAX_INLINE_PAYLOAD_TEXT = 200;

/**
 * The payload as a workflow receives it, against the signal's declared keys and types: what a sender
 * can be told before sending. Texts arrive as they are (at most `inlineText` characters) or as the id of
 * a stored text; `longtext` values only as ids. Workflows from before texts were stored took every
 * `text` value inline, up to 1,000 characters (the default).
 */
export function checkPayload(
  def: ProcessDefinition,
  name: string,
  payload: Record<string, unknown>,
  inlineText = MAX_TEXT,
): Refusal | undefined {
  const signal = def.signals?.find((s) => s.name === name);
  const problems: string[] = [];
  const declared = new Map((signal?.payload ?? []).map((p) => [p.key, p]));
  for (const key of Object.keys(payload)) if (!declared.has(key)) problems.push(`${shown(key)}: not declared`);
  for (const p of signal?.payload ?? []) {
    const value = payload[p.key];
    if (value === undefined || value === null || value === '') {
      if (p.required) problems.push(`${p.key}: required`);
      continue;
    }
    const problem = payloadProblem(p.type, value, inlineText);
    if (problem) problems.push(`${p.key}: ${problem}`);
  }
  if (problems.length > 0)
    return refuse('INVALID_PAYLOAD', `invalid payload for "${shown(name)}": ${listed(problems)}`, {
      problems: problems.slice(0, MAX_LISTED),
    });
  return undefined;
}

function payloadProblem(type: string, value: unknown, inlineText: number): string | undefined {
  if (type !== 'text' && type !== 'longtext') return valueProblem(type, value);
  if (isStoredText(value)) return undefined;
  if (type === 'longtext') return 'expected the id of a stored text';
  if (typeof value !== 'string') return 'expected text';
  if (value.length <= inlineText) return undefined;
  return inlineText < MAX_TEXT && value.length <= MAX_TEXT
    ? `longer than ${inlineText} characters: expected the id of a stored text`
    : `longer than ${MAX_TEXT} characters`;
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

/** Fields the actor may not set (their `editableBy`), on tickets whose workflow checks it (patch
 * staff-only-fields): staff who work the ticket by role, anyone else as its requester. */
function checkEditable(def: ProcessDefinition, state: TicketState, actor: Person, fields: Fields): Refusal | undefined {
  if (!state.staffOnlyFields) return undefined;
  return editRefusal(def, audienceOf(actor.role, worksOn(state, actor)), Object.keys(fields));
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === undefined || value === '';
}
