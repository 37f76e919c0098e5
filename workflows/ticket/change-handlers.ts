// The updates by which people change a ticket, each wired to the interpreter input it becomes: kept
// apart from the workflow shell (workflow.ts), which hands in how a change is validated and applied.
// Workflow code: deterministic, no Node APIs. Setting handlers records nothing in the history, so their
// order does not matter to replays.
import { setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  attachUpdate,
  commentUpdate,
  macroUpdate,
  moveUpdate,
  reassignUpdate,
  setFieldsUpdate,
  setPriorityUpdate,
} from './messages.js';
import type { Input, TicketSnapshot } from './model.js';

/** Every change by a person: validated synchronously (`validate` throws the refusal), applied once by
 * `change`, answered from the read model. */
export function setChangeHandlers(
  change: (input: Input) => Promise<TicketSnapshot>,
  validate: (input: Input) => void,
  now: () => number,
): void {
  function onChange<R>(update: UpdateDefinition<TicketSnapshot, [R]>, toInput: (request: R) => Input): void {
    setHandler(update, (request) => change(toInput(request)), { validator: (request) => validate(toInput(request)) });
  }
  onChange(moveUpdate, (r) => ({ type: 'move', at: now(), ...r }));
  onChange(reassignUpdate, (r) => ({ type: 'reassign', at: now(), ...r }));
  onChange(setFieldsUpdate, (r) => ({ type: 'set_fields', at: now(), ...r }));
  onChange(setPriorityUpdate, (r) => ({ type: 'set_priority', at: now(), ...r }));
  onChange(commentUpdate, (r) => ({ type: 'comment', at: now(), ...r }));
  onChange(attachUpdate, (r) => ({ type: 'attachment', at: now(), ...r }));
  onChange(macroUpdate, (r) => ({ type: 'macro', at: now(), ...r }));
}
