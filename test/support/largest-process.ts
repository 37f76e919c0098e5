// The largest process definition the validator accepts: every list at its limit (200 states, 500
// transitions, 200 fields, 100 signals, 20 SLA clocks) and entry actions added until one more would
// pass the 256 KiB of JSON. For the limit tests and `npm run bench`.
import type { Action, ProcessDefinition } from '../../workflows/process/definition.js';

const MAX_BYTES = 256 * 1024;
const MAX_ACTIONS = 20;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const s = (i: number) => `s${i}`;

export function largestDefinition(): ProcessDefinition {
  const def: ProcessDefinition = {
    format: 1,
    key: 'largest',
    name: 'Largest allowed',
    ticketPrefix: 'BIG',
    group: 'service-desk',
    initialState: s(0),
    reopenWindow: 'P7D',
    calendar: { timeZone: 'UTC', workingHours: { mon: [['08:00', '18:00']] } },
    fields: range(200).map((i) => ({ key: `f${i}`, label: `Field ${i}`, type: 'text' })),
    // s0 … s197 are worked on, s198 waits, s199 is the end.
    states: range(200).map((i) => ({
      key: s(i),
      label: `State ${i}`,
      category: i === 0 ? 'new' : i === 198 ? 'waiting' : i === 199 ? 'done' : 'active',
      ...(i % 10 === 1 && i < 100 && { timers: [{ after: 'PT1H', transition: `auto${i}` }] }),
    })),
    transitions: [
      ...range(199).map((i) => ({ key: `next${i}`, label: `Next ${i}`, from: [s(i)], to: s(i + 1), by: ['AGENT'] })),
      ...range(199).map((i) => ({ key: `back${i}`, label: `Back ${i}`, from: [s(i + 1)], to: s(i), by: ['AGENT'] })),
      ...range(102).map((i) => ({ key: `auto${i}`, label: `Auto ${i}`, from: [s(i)], to: s(199), by: ['system'] })),
    ] as ProcessDefinition['transitions'],
    signals: range(100).map((i) => ({
      name: `ext.event_${i}`,
      label: `Event ${i}`,
      payload: [{ key: 'note', type: 'text' }],
      states: [s(i + 1)],
      effect: { kind: 'timeline' },
      actions: [{ kind: 'set_field', field: `f${i}`, value: 'signalled' }],
    })),
    slas: range(20).map((i) => ({
      key: `clock${i}`,
      label: `Clock ${i}`,
      target: 'PT8H',
      time: i % 2 ? 'business' : 'calendar',
      startOn: [s(i)],
      stopOn: [s(199)],
      atRisk: { at: 0.75, actions: [{ kind: 'raise_priority' }] },
      breached: { actions: [{ kind: 'set_priority', priority: 'urgent' }] },
    })),
  };
  // Every tenth state hands the ticket on by itself (chains of one step, no cycle).
  for (const state of def.states) state.onEnter = [];
  for (let i = 0; i < 100; i += 10) def.states[i]!.onEnter!.push({ kind: 'transition', transition: `auto${i}` });
  // Entry actions, a round at a time, while they fit (ASCII: one byte a character).
  let bytes = JSON.stringify(def).length;
  for (let round = 0; round < MAX_ACTIONS; round++) {
    for (const [i, state] of def.states.entries()) {
      const onEnter = state.onEnter!;
      const action: Action = { kind: 'set_field', field: `f${(i + round) % 200}`, value: 'x' };
      const more = JSON.stringify(action).length + (onEnter.length > 0 ? 1 : 0);
      if (onEnter.length >= MAX_ACTIONS) continue;
      if (bytes + more > MAX_BYTES) return def;
      onEnter.push(action);
      bytes += more;
    }
  }
  return def;
}
