// The benchmark's process: two states of the same category with a transition each way, and a way out.
// A ticket moved back and forth stays open and keeps its category, so its search attributes never
// change after the start: a move is the move itself, without actions, timers, SLA clocks or upserts.
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import type { Person } from '../../workflows/ticket/model.js';
import type { TestSystem } from '../support/system.js';

export const pingPong: ProcessDefinition = {
  format: 1,
  key: 'ping-pong',
  name: 'Ping-pong (benchmark)',
  ticketPrefix: 'PP',
  group: 'service-desk',
  initialState: 'ping',
  fields: [],
  states: [
    { key: 'ping', label: 'Ping', category: 'active' },
    { key: 'pong', label: 'Pong', category: 'active' },
    { key: 'done', label: 'Done', category: 'done' },
  ],
  transitions: [
    { key: 'to_pong', label: 'To pong', from: ['ping'], to: 'pong', by: ['AGENT'] },
    { key: 'to_ping', label: 'To ping', from: ['pong'], to: 'ping', by: ['AGENT'] },
    { key: 'finish', label: 'Finish', from: ['ping', 'pong'], to: 'done', by: ['AGENT'] },
  ],
};

/** The benchmark's other process: each move changes the state's category (new → active → waiting →
 * done, and reopened to new), as most board moves do, so each upserts the ticket's category search
 * attribute and entering done arms the reopen window's timer. */
export const categoryCycle: ProcessDefinition = {
  format: 1,
  key: 'category-cycle',
  name: 'Category cycle (benchmark)',
  ticketPrefix: 'CC',
  group: 'service-desk',
  initialState: 'new',
  reopenWindow: 'P30D',
  fields: [],
  states: [
    { key: 'new', label: 'New', category: 'new' },
    { key: 'active', label: 'Active', category: 'active' },
    { key: 'waiting', label: 'Waiting', category: 'waiting' },
    { key: 'done', label: 'Done', category: 'done' },
  ],
  transitions: [
    { key: 'take', label: 'Take', from: ['new'], to: 'active', by: ['AGENT'] },
    { key: 'wait', label: 'Wait', from: ['active'], to: 'waiting', by: ['AGENT'] },
    { key: 'finish', label: 'Finish', from: ['waiting'], to: 'done', by: ['AGENT'] },
    { key: 'reopen', label: 'Reopen', from: ['done'], to: 'new', by: ['AGENT'] },
  ],
};

/** The transition that takes a category-cycle ticket on from `state`. */
export const onward = (state: string) =>
  ({ new: 'take', active: 'wait', waiting: 'finish', done: 'reopen' })[state] ?? 'take';

/** The transition that takes a ticket of this process to the other state. */
export const across = (state: string) => (state === 'ping' ? 'to_pong' : 'to_ping');
/** The state a board drop takes a ticket to from `state`. */
export const other = (state: string) => (state === 'ping' ? 'pong' : 'ping');

/** `count` new tickets of the process (ping-pong unless named), created by `by`, each in its initial state. */
export async function benchTickets(sys: TestSystem, by: Person, count: number, title: string, process = pingPong.key) {
  const tickets: { number: string; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const request = { process, title: `${title} ${i}`, requester: { userId: by.userId } };
    const { ticket } = await sys.tickets.create(request, by);
    tickets.push({ number: ticket.number, state: ticket.state });
  }
  return tickets;
}
