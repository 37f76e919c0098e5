// The engine's rule for staff-only fields (a field's editableBy), on its own: no Temporal, no database.
// A requester (an employee who asked, or staff of another group who asked) sets no field they may not
// edit, in a move or as a field change; staff who work the ticket set what their role may. Tickets whose
// workflow predates the rule (no staffOnlyFields) take the fields as they always did.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { apply } from '../../workflows/ticket/interpreter.js';
import { editRefusal } from '../../workflows/ticket/checks.js';
import type { Input, Person, TicketState } from '../../workflows/ticket/model.js';
import { accepted, agent, coordinator, employee, move, unstartedTicket } from '../support/interpreter.js';

const itSupport = loadSampleProcess('it-support') as ProcessDefinition;
const engineeringChange = loadSampleProcess('engineering-change') as ProcessDefinition;
const T0 = Date.UTC(2026, 10, 23, 9);
const stored = (id: string) => ({ text: id });

/** A started ticket of `def`, with or without the rule (as its workflow decided at its start). */
function started(def: ProcessDefinition, staffOnlyFields: boolean, fields = { category: 'hardware' }): TicketState {
  const state = { ...unstartedTicket(def, { fields }), ...(staffOnlyFields && { staffOnlyFields: true }) };
  return accepted(def, state, { type: 'start', at: T0, actor: { kind: 'person', ...employee } }).state;
}

const setFields = (actor: Person, fields: Record<string, unknown>): Input =>
  ({ type: 'set_fields', at: T0 + 1000, actor, fields }) as Input;

describe('interpreter: staff-only fields', () => {
  it("refuses the requester's move that sets a field only staff set, naming it by its label", () => {
    const state = started(itSupport, true);
    const outcome = apply(itSupport, state, move('withdraw', T0 + 1000, employee, { resolution: stored('t-9') }));
    assert.equal(outcome.refusal?.reason, 'INVALID_FIELD');
    assert.equal(outcome.refusal?.message, 'Resolution is set by agents, coordinators and admins only');
    assert.deepEqual(outcome.refusal?.details, {
      problems: [{ path: 'resolution', message: 'Resolution is set by agents, coordinators and admins only' }],
    });
    assert.equal(outcome.state, state, 'nothing changed');
    assert.deepEqual(outcome.events, []);
    // Without the field the same move is taken.
    assert.equal(accepted(itSupport, state, move('withdraw', T0 + 1000, employee)).state.state, 'withdrawn');
  });

  it('lets staff who work the ticket set it in a move', () => {
    let state = started(itSupport, true);
    state = accepted(itSupport, state, move('start', T0 + 1000, agent)).state;
    const resolved = accepted(itSupport, state, move('resolve', T0 + 2000, agent, { resolution: stored('t-1') }));
    assert.equal(resolved.state.state, 'resolved');
    assert.deepEqual(resolved.state.fields.resolution, stored('t-1'));
  });

  it('counts staff of another group who asked for the ticket as its requester', () => {
    const erik: Person = { userId: '00000000-0000-0000-0000-0000000000e2', role: 'AGENT', groups: ['engineering'] };
    const state = {
      ...unstartedTicket(itSupport, { by: erik, fields: { category: 'software' } }),
      staffOnlyFields: true,
    };
    const ticket = accepted(itSupport, state, { type: 'start', at: T0, actor: { kind: 'person', ...erik } }).state;
    const outcome = apply(itSupport, ticket, move('withdraw', T0 + 1000, erik, { question: stored('t-2') }));
    assert.equal(outcome.refusal?.reason, 'INVALID_FIELD');
    assert.match(
      outcome.refusal!.message,
      /^Question to the requester is set by agents, coordinators and admins only$/,
    );
  });

  it('refuses a field change by a role its editableBy leaves out, and takes it from one it names', () => {
    const state = started(engineeringChange, true, { drawing: 'D-1', part_number: 'P-1', quantity: 2 } as never);
    const byAgent = apply(engineeringChange, state, setFields(agent, { order_id: 'PO-1', drawing_revision: 'B' }));
    assert.equal(byAgent.refusal?.reason, 'INVALID_FIELD');
    assert.equal(byAgent.refusal?.message, 'ERP order id is set by coordinators and admins only');
    assert.deepEqual(byAgent.refusal?.details, {
      problems: [{ path: 'order_id', message: 'ERP order id is set by coordinators and admins only' }],
    });
    const byCoordinator = accepted(engineeringChange, state, setFields(coordinator, { order_id: 'PO-1' }));
    assert.equal(byCoordinator.state.fields.order_id, 'PO-1');
  });

  it('takes any field as before on a ticket whose workflow predates the rule', () => {
    const state = started(itSupport, false);
    const outcome = accepted(itSupport, state, move('withdraw', T0 + 1000, employee, { resolution: stored('t-3') }));
    assert.deepEqual(outcome.state.fields.resolution, stored('t-3'));
    const old = started(engineeringChange, false, { drawing: 'D-1', part_number: 'P-1', quantity: 2 } as never);
    assert.equal(
      accepted(engineeringChange, old, setFields(agent, { order_id: 'PO-1' })).state.fields.order_id,
      'PO-1',
    );
  });

  it("checks a new ticket's fields against the submitter: the requester sets none of the staff's", () => {
    const refusal = editRefusal(itSupport, 'requester', ['category', 'question', 'resolution']);
    assert.equal(refusal?.reason, 'INVALID_FIELD');
    assert.deepEqual(
      (refusal?.details?.problems as { path: string }[]).map((p) => p.path),
      ['question', 'resolution'],
    );
    assert.equal(editRefusal(itSupport, 'AGENT', ['category', 'question', 'resolution']), undefined);
    assert.equal(editRefusal(itSupport, 'requester', ['category', 'colour']), undefined, 'unknown keys are not its');
  });
});
