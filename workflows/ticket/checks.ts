// Why an input would be refused: the synchronous checks behind every update validator. Pure, like the
// interpreter that applies what they let through. Refusals are for people: they name states,
// transitions and fields by their labels (words.ts) and what is refused by what it is; the reason code
// and the keys stay machine-readable in `reason` and `details`. Field values and payloads: values.ts.
import { audienceOf } from '../process/field-access.js';
import { isStaffRole } from '../process/vocabulary.js';
import { editRefusal } from './field-checks.js';
import type { ProcessDefinition, TransitionDefinition } from '../process/definition.js';
import type { Fields, FieldValue, Input, Person, ReassignRequest, Refusal, TicketState } from './model.js';
import { checkFields, checkPayload, MAX_INLINE_PAYLOAD_TEXT } from './values.js';
import { fieldLabel, listed, roleWord, shown, stateLabel, takersWords, versionWords } from './words.js';

export { checkFields, checkPayload, isStoredText, MAX_INLINE_PAYLOAD_TEXT } from './values.js';
export { editRefusal } from './field-checks.js';

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
        checkStaff(state, input.actor, input.expectedVersion, 'assign the ticket') ??
        checkOpen(def, state) ??
        checkAssignee(state, input)
      );
    case 'set_priority':
      return (
        checkStaff(state, input.actor, input.expectedVersion, 'change the priority') ??
        checkOpen(def, state) ??
        (['COORDINATOR', 'ADMIN'].includes(input.actor.role)
          ? undefined
          : refuse('NOT_ALLOWED', 'only coordinators and admins set the priority'))
      );
    case 'set_fields':
      return (
        checkStaff(state, input.actor, input.expectedVersion, `set ${fieldsWords(def, input.fields)}`) ??
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
        return refuse('NOT_ALLOWED', notStaff(input.actor, 'write internal comments'));
      }
      return worksOn(state, input.actor) || isRequester(state, input.actor)
        ? undefined
        : refuse('NOT_ALLOWED', "only staff of the ticket's group and the requester comment on a ticket");
    default:
      return undefined;
  }
}

/** The fields a change sets, by label: "Resolution", "Due date and Laptop model". */
function fieldsWords(def: ProcessDefinition, fields: Fields): string {
  const keys = Object.keys(fields);
  return keys.length === 0 ? 'fields' : listed(keys.map((key) => fieldLabel(def, key)));
}

export function transitionOf(def: ProcessDefinition, key: string): TransitionDefinition | undefined {
  return def.transitions.find((t) => t.key === key);
}

function refuse(reason: Refusal['reason'], message: string, details?: Record<string, unknown>): Refusal {
  return details ? { reason, message, details } : { reason, message };
}

export const isRequester = (state: TicketState, actor: Person) =>
  state.requester.userId !== null && state.requester.userId === actor.userId;

/** Whether the person works this ticket, with the rights of their role: admins every ticket, agents and
 * coordinators the tickets of their groups. Anyone else acts on it as its requester or not at all. A
 * person without group keys (histories from before groups were checked) works any ticket their role does. */
export function worksOn(state: TicketState, actor: Person): boolean {
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
function notStaff(actor: Person, what: string): string {
  return isStaffRole(actor.role)
    ? `only members of this ticket's group and admins ${what}`
    : `only agents, coordinators and admins ${what}`;
}

function checkOpen(def: ProcessDefinition, state: TicketState): Refusal | undefined {
  if (state.category !== 'done') return undefined;
  const canReopen = def.transitions.some((t) => t.from.includes(state.state));
  return canReopen
    ? undefined
    : refuse('TICKET_CLOSED', `This ticket is ${stateLabel(def, state.state)}: it can no longer change`);
}

export function checkVersion(state: TicketState, expected: number | undefined): Refusal | undefined {
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
  const message = `The assignee does not work in the ticket's group and is not an admin`;
  return refuse('INVALID_FIELD', message, { problems: [{ path: 'userId', message }] });
}

/** Staff of the ticket's group and admins do `what` ("change the priority"); the version must be current. */
function checkStaff(
  state: TicketState,
  actor: Person,
  expected: number | undefined,
  what: string,
): Refusal | undefined {
  if (!worksOn(state, actor)) return refuse('NOT_ALLOWED', notStaff(actor, what));
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
      `This ticket follows ${versionWords(def, state.process.version)}, which has no transition "${shown(key)}"`,
    );
  // A caller who saw an older version learns that first: the rest of its view may be outdated too.
  const stale = checkVersion(state, expectedVersion);
  if (stale) return stale;
  const here = stateLabel(def, state.state);
  if (!t.from.includes(state.state)) {
    if (state.category === 'done')
      return refuse('TICKET_CLOSED', `This ticket is ${here}: ${t.label} cannot be done any more`);
    return refuse('NOT_FROM_STATE', `${t.label} cannot be done while this ticket is ${here}`, {
      state: state.state,
      from: t.from,
    });
  }
  const people = t.by.filter((by) => by !== 'system');
  if (people.length === 0) return refuse('SYSTEM_ONLY', `${t.label} is done by the system only`);
  const byRole = people.includes(actor.role) && roleCounts(state, actor);
  const allowed = actor.role === 'ADMIN' || byRole || (people.includes('requester') && isRequester(state, actor));
  if (!allowed) {
    const why = isStaffRole(actor.role) ? "you do not work in this ticket's group" : 'you are not its requester';
    const you = people.includes(actor.role) ? why : `you are ${roleWord(actor.role)}`;
    return refuse('NOT_ALLOWED', `${t.label} is for ${takersWords(people)}: ${you}`, { by: people });
  }
  const invalid = checkFields(def, fields) ?? checkEditable(def, state, actor, fields);
  if (invalid) return invalid;
  const missing = (t.requires ?? []).filter((f) => isEmpty(fields[f] ?? state.fields[f]));
  if (missing.length > 0) {
    const labels = missing.map((f) => fieldLabel(def, f));
    return refuse('REQUIRED_FIELD_MISSING', `${t.label} needs ${listed(labels)}`, {
      fields: missing,
      problems: missing.map((f, i) => ({ path: f, message: `${labels[i]} is required` })),
    });
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
    return refuse(
      'UNKNOWN_SIGNAL',
      `This ticket follows ${versionWords(def, state.process.version)}, which accepts no signal "${shown(name)}"`,
    );
  const where =
    signal.states ??
    (signal.effect.kind === 'transition'
      ? transitionOf(def, signal.effect.transition)!.from
      : def.states.filter((s) => s.category !== 'done').map((s) => s.key));
  if (!where.includes(state.state)) {
    return refuse(
      'SIGNAL_NOT_APPLICABLE',
      `"${shown(name)}" does not apply while this ticket is ${stateLabel(def, state.state)}`,
      {
        state: state.state,
        states: where,
      },
    );
  }
  return checkPayload(def, name, payload, state.signalTextsStored ? MAX_INLINE_PAYLOAD_TEXT : undefined);
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
