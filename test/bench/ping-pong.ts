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

/** The transition that takes a ticket of this process to the other state. */
export const across = (state: string) => (state === 'ping' ? 'to_pong' : 'to_ping');
/** The state a board drop takes a ticket to from `state`. */
export const other = (state: string) => (state === 'ping' ? 'pong' : 'ping');

/** `count` new tickets of the process, created by `by`, each in its initial state. */
export async function pingPongTickets(sys: TestSystem, by: Person, count: number, title: string) {
  const tickets: { number: string; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const request = { process: pingPong.key, title: `${title} ${i}`, requester: { userId: by.userId } };
    const { ticket } = await sys.tickets.create(request, by);
    tickets.push({ number: ticket.number, state: ticket.state });
  }
  return tickets;
}
