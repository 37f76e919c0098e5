// What the interpreter's unit tests share: the people they act as, a new ticket of a process (the
// workflow's input, with defaults a test overrides), a move, and one step that must be accepted.
import assert from 'node:assert/strict';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { apply, newTicket } from '../../workflows/ticket/interpreter.js';
import type { Fields, Input, Outcome, Person, TicketState } from '../../workflows/ticket/model.js';

export const requester = { id: 'r-1', userId: '00000000-0000-0000-0000-00000000000e' };
export const employee: Person = { userId: requester.userId, role: 'EMPLOYEE' };
export const agent: Person = { userId: '00000000-0000-0000-0000-00000000000a', role: 'AGENT' };
export const coordinator: Person = { userId: '00000000-0000-0000-0000-00000000000c', role: 'COORDINATOR' };

/** A ticket of `def` before its start: IT-000001, the requester's, of category hardware, unless told otherwise. */
export function unstartedTicket(
  def: ProcessDefinition,
  ticket: { ticketId?: string; number?: string; fields?: Fields; by?: Person } = {},
): TicketState {
  const by = ticket.by ?? employee;
  return newTicket({
    ticketId: ticket.ticketId ?? 't-1',
    number: ticket.number ?? 'IT-000001',
    process: { key: def.key, version: 1, definition: def },
    requester: ticket.by ? { id: 'r-2', userId: by.userId } : requester,
    fields: ticket.fields ?? { category: 'hardware' },
    createdBy: { kind: 'person', ...by },
  });
}

export const move = (transition: string, at: number, actor: Person = agent, fields = {}): Input => ({
  type: 'move',
  at,
  actor,
  transition,
  fields,
});

/** Applies one input, which must be accepted. */
export function accepted(def: ProcessDefinition, state: TicketState, input: Input): Outcome {
  const outcome = apply(def, state, input);
  assert.equal(outcome.refusal, undefined, `refused: ${JSON.stringify(outcome.refusal)}`);
  return outcome;
}
