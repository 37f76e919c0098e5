// A small valid process and helpers for the validation tests: each test breaks one thing in a copy of
// it and asserts the exact path and message of the problem.
import assert from 'node:assert/strict';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { validateDefinition, type Problem } from '../../workflows/process/validate.js';

export const groups = new Set(['desk', 'tier2']);

export function base(): ProcessDefinition {
  return {
    format: 1,
    key: 'mini',
    name: 'Mini',
    ticketPrefix: 'MINI',
    group: 'desk',
    initialState: 'open',
    calendar: { timeZone: 'Europe/Berlin', workingHours: { mon: [['08:00', '18:00']] } },
    fields: [
      { key: 'answer', label: 'Answer', type: 'longtext' },
      { key: 'kind', label: 'Kind', type: 'enum', options: ['a', 'b'] },
    ],
    states: [
      { key: 'open', label: 'Open', category: 'new', onEnter: [{ kind: 'assign', group: 'desk' }] },
      { key: 'working', label: 'Working', category: 'active', timers: [{ after: 'PT1H', transition: 'expire' }] },
      { key: 'waiting', label: 'Waiting', category: 'waiting' },
      { key: 'done', label: 'Done', category: 'done' },
    ],
    transitions: [
      { key: 'start', label: 'Start', from: ['open'], to: 'working', by: ['AGENT'] },
      { key: 'wait', label: 'Wait', from: ['working'], to: 'waiting', by: ['AGENT'] },
      { key: 'resume', label: 'Resume', from: ['waiting'], to: 'working', by: ['requester'] },
      { key: 'finish', label: 'Finish', from: ['working'], to: 'done', by: ['AGENT'], requires: ['answer'] },
      { key: 'expire', label: 'Expire', from: ['working'], to: 'done', by: ['system'] },
    ],
    signals: [
      {
        name: 'ext.resumed',
        label: 'Resumed',
        states: ['waiting'],
        effect: { kind: 'transition', transition: 'resume' },
      },
    ],
    slas: [
      { key: 'respond', label: 'Respond', target: 'PT4H', time: 'business', startOn: ['open'], stopOn: ['working'] },
    ],
  };
}

export function problems(
  mutate: (d: ProcessDefinition & Record<string, unknown>) => void,
  context = { groups },
): Problem[] {
  const definition = structuredClone(base()) as ProcessDefinition & Record<string, unknown>;
  mutate(definition);
  const result = validateDefinition(definition, context);
  assert.equal(result.ok, false, 'expected the definition to be refused');
  return result.ok ? [] : result.problems;
}

export function assertProblem(found: Problem[], path: string, message: RegExp): void {
  assert.ok(
    found.some((p) => p.path === path && message.test(p.message)),
    `expected a problem at ${path} matching ${message}; got ${JSON.stringify(found, null, 1)}`,
  );
}
