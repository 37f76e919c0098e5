// One test per rule of the process definition language, each asserting the exact path of the problem.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSampleProcess, sampleProcessKeys } from '../../platform/processes/samples.js';
import { durationMs } from '../../workflows/process/duration.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { validateDefinition } from '../../workflows/process/validate.js';
import { largestDefinition } from '../support/largest-process.js';
import { assertProblem, base, groups, problems } from '../support/validation.js';

describe('process definition validation', () => {
  it('accepts the base definition and the three sample processes', () => {
    assert.deepEqual(validateDefinition(base(), { groups }), { ok: true, definition: base() });
    const allGroups = new Set(['service-desk', 'engineering', 'support-tier1', 'support-tier2']);
    for (const key of sampleProcessKeys) {
      const result = validateDefinition(loadSampleProcess(key), { groups: allGroups });
      assert.ok(result.ok, `${key}: ${JSON.stringify(!result.ok && result.problems)}`);
      assert.equal(result.definition.key, key);
    }
  });

  it('reports every problem at once', () => {
    const found = problems((d) => {
      d.states[1]!.key = 'open';
      d.transitions[0]!.to = 'nowhere';
      d.slas![0]!.target = 'soon';
    });
    assertProblem(found, 'states[1].key', /duplicate state key "open" \(also states\[0\]\)/);
    assertProblem(found, 'transitions[0].to', /unknown state "nowhere"/);
    assertProblem(found, 'slas[0].target', /ISO 8601 duration/);
  });

  it('needs the format version', () => {
    assertProblem(
      problems((d) => (d.format = 2 as 1)),
      'format',
      /format must be 1/,
    );
  });

  it('refuses unknown properties', () => {
    assertProblem(
      problems((d) => Object.assign(d.states[0]!, { colour: 'red' })),
      'states[0]',
      /colour/,
    );
  });

  it('needs a known initial state', () => {
    assertProblem(
      problems((d) => (d.initialState = 'start')),
      'initialState',
      /unknown state "start"/,
    );
    assertProblem(
      problems((d) => delete (d as Partial<ProcessDefinition>).initialState),
      'initialState',
      /expected string/,
    );
  });

  it('refuses a done initial state', () => {
    assertProblem(
      problems((d) => (d.initialState = 'done')),
      'initialState',
      /must not be a done state/,
    );
  });

  it('needs a terminal state', () => {
    assertProblem(
      problems((d) => (d.states[3]!.category = 'active')),
      'states',
      /no terminal state/,
    );
  });

  it('refuses unknown categories', () => {
    assertProblem(
      problems((d) => (d.states[0]!.category = 'limbo' as 'new')),
      'states[0].category',
      /one of new, active, waiting, done/,
    );
  });

  it('refuses duplicate keys of states, transitions, fields and SLAs', () => {
    assertProblem(
      problems((d) => (d.transitions[1]!.key = 'start')),
      'transitions[1].key',
      /duplicate transition key "start"/,
    );
    assertProblem(
      problems((d) => (d.fields[1]!.key = 'answer')),
      'fields[1].key',
      /duplicate field key "answer"/,
    );
    assertProblem(
      problems((d) => d.slas!.push({ ...d.slas![0]! })),
      'slas[1].key',
      /duplicate SLA key "respond"/,
    );
  });

  it('refuses badly formed keys', () => {
    assertProblem(
      problems((d) => (d.transitions[0]!.key = 'Start-Now')),
      'transitions[0].key',
      /snake_case/,
    );
  });

  it('refuses transitions from or to unknown states', () => {
    assertProblem(
      problems((d) => (d.transitions[0]!.from = ['open', 'ghost'])),
      'transitions[0].from[1]',
      /unknown state "ghost"/,
    );
  });

  it('refuses required fields that are not declared', () => {
    assertProblem(
      problems((d) => (d.transitions[3]!.requires = ['answer', 'solution'])),
      'transitions[3].requires[1]',
      /unknown field "solution"/,
    );
  });

  it('refuses unknown takers and transitions nobody can take', () => {
    assertProblem(
      problems((d) => (d.transitions[0]!.by = ['BOSS' as 'AGENT'])),
      'transitions[0].by[0]',
      /must be one of EMPLOYEE/,
    );
    assertProblem(
      problems((d) => (d.transitions[0]!.by = [])),
      'transitions[0].by',
      /nobody can take this transition/,
    );
    assertProblem(
      problems((d) => (d.transitions[0]!.by = ['AGENT', 'AGENT'])),
      'transitions[0].by',
      /listed twice/,
    );
  });

  it('accepts a transition only a signal takes', () => {
    const definition = base();
    definition.transitions[2]!.by = [];
    assert.equal(validateDefinition(definition, { groups }).ok, true);
  });

  it('refuses unreachable states', () => {
    assertProblem(
      problems((d) => d.states.push({ key: 'limbo', label: 'Limbo', category: 'active' })),
      'states[4]',
      /state "limbo" is unreachable from the initial state "open"/,
    );
  });

  it('refuses automatic transitions that form a cycle', () => {
    const system = (key: string, from: string, to: string) => ({
      key,
      label: key,
      from: [from],
      to,
      by: ['system' as const],
    });
    const twoStates = problems((d) => {
      d.transitions.push(system('auto_start', 'open', 'working'), system('auto_back', 'working', 'open'));
      d.states[0]!.onEnter!.push({ kind: 'transition', transition: 'auto_start' });
      d.states[1]!.onEnter = [{ kind: 'transition', transition: 'auto_back' }];
    });
    assertProblem(twoStates, 'states[0].onEnter[1]', /^automatic transitions form a cycle: open → working → open$/);
    assert.equal(twoStates.length, 1, `one problem per cycle: ${JSON.stringify(twoStates)}`);

    assertProblem(
      problems((d) => {
        d.transitions.push(system('again', 'working', 'working'));
        d.states[1]!.onEnter = [{ kind: 'transition', transition: 'again' }];
      }),
      'states[1].onEnter[0]',
      /^automatic transitions form a cycle: working → working$/,
    );

    // An integration's onSuccess is automatic too.
    assertProblem(
      problems((d) => {
        d.transitions.push(
          system('auto_start', 'open', 'working'),
          system('auto_wait', 'working', 'waiting'),
          system('auto_reopen', 'waiting', 'open'),
        );
        d.states[0]!.onEnter!.push({ kind: 'transition', transition: 'auto_start' });
        d.states[1]!.onEnter = [
          { kind: 'integration', system: 'jira', operation: 'create_issue', onSuccess: 'auto_wait' },
        ];
        d.states[2]!.onEnter = [{ kind: 'transition', transition: 'auto_reopen' }];
      }),
      'states[0].onEnter[1]',
      /^automatic transitions form a cycle: open → working → waiting → open$/,
    );

    const chain = base();
    chain.transitions.push(system('auto_start', 'open', 'working'));
    chain.states[0]!.onEnter!.push({ kind: 'transition', transition: 'auto_start' });
    assert.equal(validateDefinition(chain, { groups }).ok, true, 'a chain that ends is fine');
  });

  it('refuses a run of automatic transitions longer than a ticket takes in a row', () => {
    const chain = (steps: number) => (d: ProcessDefinition) => {
      const range = Array.from({ length: steps + 1 }, (_, i) => i);
      d.states.push(...range.map((i) => ({ key: `c${i}`, label: 'C', category: 'active' as const })));
      d.transitions.push({ key: 'to_c', label: 'C', from: ['open'], to: 'c0', by: ['AGENT'] });
      for (const i of range.slice(0, -1)) {
        d.transitions.push({ key: `c${i}_on`, label: 'On', from: [`c${i}`], to: `c${i + 1}`, by: ['system'] });
        d.states[4 + i]!.onEnter = [{ kind: 'transition', transition: `c${i}_on` }];
      }
    };
    assertProblem(
      problems(chain(51)),
      'states[4].onEnter[0]',
      /^51 automatic transitions in a row \(c0 → c1 → … → c51\): a ticket stops after 50$/,
    );
    const fifty = base();
    chain(50)(fifty);
    assert.equal(validateDefinition(fifty, { groups }).ok, true, '50 in a row are fine');
  });

  it('refuses bad durations', () => {
    assertProblem(
      problems((d) => (d.states[1]!.timers![0]!.after = 'PT0S')),
      'states[1].timers[0].after',
      /positive ISO 8601 duration/,
    );
    assertProblem(
      problems((d) => (d.states[1]!.timers![0]!.after = '1 hour')),
      'states[1].timers[0].after',
      /ISO 8601/,
    );
    assertProblem(
      problems((d) => (d.states[1]!.timers![0]!.after = 'P1M')),
      'states[1].timers[0].after',
      /ISO 8601/,
    );
  });

  it('needs timer transitions that leave the state and allow system', () => {
    assertProblem(
      problems((d) => (d.states[1]!.timers![0]!.transition = 'finish')),
      'states[1].timers[0].transition',
      /"by" must include system/,
    );
    assertProblem(
      problems((d) => (d.states[2]!.timers = [{ after: 'PT1H', transition: 'expire' }])),
      'states[2].timers[0].transition',
      /does not leave state "waiting"/,
    );
    assertProblem(
      problems((d) => (d.states[1]!.timers![0]!.transition = 'vanish')),
      'states[1].timers[0].transition',
      /unknown transition "vanish"/,
    );
  });

  it('refuses timers on done states', () => {
    assertProblem(
      problems((d) => (d.states[3]!.timers = [{ after: 'PT1H', transition: 'expire' }])),
      'states[3].timers',
      /done state has no timers/,
    );
  });

  it('refuses unknown action kinds', () => {
    assertProblem(
      problems((d) => d.states[0]!.onEnter!.push({ kind: 'teleport' } as never)),
      'states[0].onEnter[1].kind',
      /unknown action kind/,
    );
  });

  it('checks the references of actions', () => {
    assertProblem(
      problems((d) => d.states[0]!.onEnter!.push({ kind: 'assign', group: 'night-shift' })),
      'states[0].onEnter[1].group',
      /unknown group "night-shift"/,
    );
    assertProblem(
      problems((d) => d.states[0]!.onEnter!.push({ kind: 'set_field', field: 'colour', value: 'x' })),
      'states[0].onEnter[1].field',
      /unknown field "colour"/,
    );
    assertProblem(
      problems((d) => d.states[0]!.onEnter!.push({ kind: 'set_field', field: 'kind', value: 'c' })),
      'states[0].onEnter[1].value',
      /"c" is not an option of field "kind"/,
    );
    assertProblem(
      problems((d) => d.states[0]!.onEnter!.push({ kind: 'set_field', field: 'answer', value: 3 })),
      'states[0].onEnter[1].value',
      /field "answer" is longtext/,
    );
    assertProblem(
      problems((d) => d.states[0]!.onEnter!.push({ kind: 'transition', transition: 'finish' })),
      'states[0].onEnter[1].transition',
      /must include system/,
    );
    assertProblem(
      problems((d) =>
        d.states[0]!.onEnter!.push({
          kind: 'notify',
          to: [{ group: 'ghosts' }],
          channels: ['email'],
          template: 'x',
          includeField: 'nope',
        }),
      ),
      'states[0].onEnter[1].to[0].group',
      /unknown group "ghosts"/,
    );
  });

  it('checks integration actions', () => {
    const found = problems(
      (d) =>
        (d.states[1]!.onEnter = [
          {
            kind: 'integration',
            system: 'erp',
            operation: 'delete_everything',
            input: { part: 'part_no' },
            output: { id: 'order' },
            onSuccess: 'start',
          },
        ]),
    );
    assertProblem(
      found,
      'states[1].onEnter[0].operation',
      /unknown erp operation "delete_everything": expected create_order/,
    );
    assertProblem(found, 'states[1].onEnter[0].input.part', /unknown field "part_no"/);
    assertProblem(found, 'states[1].onEnter[0].output.id', /unknown field "order"/);
    assertProblem(found, 'states[1].onEnter[0].onSuccess', /does not leave state "working"/);
    assertProblem(
      problems((d) => (d.states[1]!.onEnter = [{ kind: 'integration', system: 'sap' as 'erp', operation: 'x' }])),
      'states[1].onEnter[0].system',
      /Invalid option/,
    );
  });

  it('refuses enum fields without options and options on other fields', () => {
    assertProblem(
      problems((d) => (d.fields[1]!.options = [])),
      'fields[1].options',
      /at least one option/,
    );
    assertProblem(
      problems((d) => (d.fields[0]!.options = ['x'])),
      'fields[0].options',
      /only enum fields/,
    );
    assertProblem(
      problems((d) => (d.fields[0]!.type = 'colour' as 'text')),
      'fields[0].type',
      /one of text, longtext/,
    );
  });

  it('refuses clashing and badly named signals', () => {
    assertProblem(
      problems((d) =>
        d.signals!.push({ name: 'Ext.Resumed'.toLowerCase(), label: 'Again', effect: { kind: 'timeline' } }),
      ),
      'signals[1].name',
      /clashes with signals\[0\]/,
    );
    assertProblem(
      problems((d) => (d.signals![0]!.name = 'resumed')),
      'signals[0].name',
      /system.event/,
    );
  });

  it('checks the states and effects of signals', () => {
    assertProblem(
      problems((d) => (d.signals![0]!.states = ['working'])),
      'signals[0].states',
      /"resume" cannot be taken from state "working"/,
    );
    assertProblem(
      problems((d) => (d.signals![0]!.states = ['done'])),
      'signals[0].states[0]',
      /done state/,
    );
    assertProblem(
      problems((d) => (d.signals![0]!.effect = { kind: 'transition', transition: 'jump' })),
      'signals[0].effect.transition',
      /unknown transition "jump"/,
    );
    assertProblem(
      problems((d) => (d.signals![0]!.effect = { kind: 'explode' } as never)),
      'signals[0].effect.kind',
      /unknown signal effect/,
    );
    assertProblem(
      problems(
        (d) =>
          (d.signals![0]!.payload = [
            { key: 'a', type: 'text' },
            { key: 'a', type: 'number' },
          ]),
      ),
      'signals[0].payload[1].key',
      /duplicate payload key "a"/,
    );
  });

  it('checks SLA clocks', () => {
    assertProblem(
      problems((d) => (d.slas![0]!.startOn = ['nowhere'])),
      'slas[0].startOn[0]',
      /unknown state "nowhere"/,
    );
    assertProblem(
      problems((d) => (d.slas![0]!.stopOn = ['open'])),
      'slas[0].startOn[0]',
      /both starts and stops/,
    );
    assertProblem(
      problems((d) => (d.slas![0]!.pauseIn = ['later'])),
      'slas[0].pauseIn[0]',
      /unknown state "later"/,
    );
    assertProblem(
      problems((d) => (d.slas![0]!.target = 'P2D')),
      'slas[0].target',
      /hours and minutes/,
    );
    assertProblem(
      problems((d) => (d.slas![0]!.atRisk = { at: 1.5, actions: [] })),
      'slas[0].atRisk.at',
      /fraction of the target between 0 and 1/,
    );
    assertProblem(
      problems((d) => delete d.calendar),
      'slas[0].time',
      /needs a calendar/,
    );
  });

  it('checks the calendar', () => {
    assertProblem(
      problems((d) => (d.calendar!.timeZone = 'Mars/Olympus')),
      'calendar.timeZone',
      /unknown time zone "Mars\/Olympus"/,
    );
    assertProblem(
      problems((d) => (d.calendar!.workingHours.mon = [['18:00', '08:00']])),
      'calendar.workingHours.mon[0]',
      /must end after they start/,
    );
    assertProblem(
      problems((d) => (d.calendar!.holidays = ['25.12.2026'])),
      'calendar.holidays[0]',
      /YYYY-MM-DD/,
    );
  });

  it('needs a reopen window when a transition leaves a done state', () => {
    assertProblem(
      problems((d) =>
        d.transitions.push({ key: 'reopen', label: 'Reopen', from: ['done'], to: 'working', by: ['requester'] }),
      ),
      'reopenWindow',
      /transition "reopen" leaves a done state/,
    );
  });

  it('checks the group of the process against the groups that exist', () => {
    assertProblem(
      problems((d) => (d.group = 'nobody')),
      'group',
      /unknown group "nobody"/,
    );
    assert.equal(
      validateDefinition({ ...base(), group: 'nobody', states: base().states.map((s) => ({ ...s, onEnter: [] })) }).ok,
      true,
      'without a context groups are not checked',
    );
  });

  it('parses durations exactly', () => {
    assert.equal(durationMs('P3D'), 3 * 86_400_000);
    assert.equal(durationMs('PT1H30M'), 5_400_000);
    assert.equal(durationMs('PT2.5S'), 2500);
    for (const bad of ['P', 'PT', 'P1W', 'PT-1S', '3d', 'P0D']) assert.equal(durationMs(bad), undefined, bad);
  });
});

describe('limits of a process definition', () => {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const add = <T>(list: T[], n: number, make: (i: number) => T) => list.push(...range(n).map(make));

  it('accepts the largest allowed definition', () => {
    const def = largestDefinition();
    assert.deepEqual(
      [def.states.length, def.transitions.length, def.fields.length, def.signals!.length, def.slas!.length],
      [200, 500, 200, 100, 20],
    );
    assert.ok(JSON.stringify(def).length > 255 * 1024, 'close to 256 KiB');
    const result = validateDefinition(def, { groups: new Set(['service-desk']) });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems.slice(0, 5)));
  });

  it('caps states, transitions, fields, signals and SLA clocks', () => {
    assertProblem(
      problems((d) => add(d.states, 197, (i) => ({ key: `x${i}`, label: 'X', category: 'active' }))),
      'states',
      /^201 states: the limit is 200$/,
    );
    assertProblem(
      problems((d) =>
        add(d.transitions, 496, (i) => ({ key: `x${i}`, label: 'X', from: ['open'], to: 'working', by: ['AGENT'] })),
      ),
      'transitions',
      /^501 transitions: the limit is 500$/,
    );
    assertProblem(
      problems((d) => add(d.fields, 199, (i) => ({ key: `x${i}`, label: 'X', type: 'text' }))),
      'fields',
      /^201 fields: the limit is 200$/,
    );
    assertProblem(
      problems((d) => add(d.signals!, 100, (i) => ({ name: `ext.x${i}`, label: 'X', effect: { kind: 'timeline' } }))),
      'signals',
      /^101 signals: the limit is 100$/,
    );
    assertProblem(
      problems((d) =>
        add(d.slas!, 20, (i) => ({
          key: `x${i}`,
          label: 'X',
          target: 'PT1H',
          time: 'calendar',
          startOn: ['open'],
          stopOn: ['done'],
        })),
      ),
      'slas',
      /^21 SLA clocks: the limit is 20$/,
    );
  });

  it('caps the actions of a state, a signal and an SLA threshold', () => {
    const raise = () => ({ kind: 'raise_priority' }) as const;
    assertProblem(
      problems((d) => add(d.states[0]!.onEnter!, 20, raise)),
      'states[0].onEnter',
      /^21 actions: the limit is 20$/,
    );
    assertProblem(
      problems((d) => (d.signals![0]!.actions = range(21).map(raise))),
      'signals[0].actions',
      /^21 actions: the limit is 20$/,
    );
    assertProblem(
      problems((d) => (d.slas![0]!.breached = { actions: range(21).map(raise) })),
      'slas[0].breached.actions',
      /^21 actions: the limit is 20$/,
    );
  });

  it('caps the size of the definition', () => {
    assertProblem(
      problems((d) => (d.fields[1]!.options = range(3000).map((i) => `${'x'.repeat(100)}${i}`))),
      '',
      /^the definition is \d+ KiB of JSON: the limit is 256 KiB$/,
    );
  });

  it('validates a definition far past the limits quickly', () => {
    const def = base() as ProcessDefinition;
    add(def.states, 3000, (i) => ({ key: `x${i}`, label: 'X', category: 'active' }));
    // Listed last to first: reaching them one sweep over the transitions at a time takes 3,000 sweeps.
    add(def.transitions, 3000, (i) => ({
      key: `to_x${2999 - i}`,
      label: 'X',
      from: [2999 - i === 0 ? 'open' : `x${2998 - i}`],
      to: `x${2999 - i}`,
      by: ['AGENT'],
    }));
    const started = performance.now();
    assert.equal(validateDefinition(def, { groups }).ok, false);
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `validated in ${ms.toFixed(0)} ms`);
  });

  it('stops a list of problems at 100 with a count of the rest', () => {
    const found = problems((d) => (d.transitions[0]!.from = range(10_000).map((i) => `ghost_${i}`)));
    assert.equal(found.length, 101);
    const last = found[100]!;
    assert.equal(last.path, '');
    const rest = Number(/^and (\d+) more problems$/.exec(last.message)?.[1]);
    assert.ok(rest >= 9900, last.message);
    assert.ok(JSON.stringify(found).length < 20_000, 'a short message');
  });
});
