// The interpreter on its own: no Temporal, no database, time passed in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import {
  apply,
  exceedsAutomaticSteps,
  isFinished,
  MAX_AUTOMATIC_STEPS,
  nextDeadline,
} from '../../workflows/ticket/interpreter.js';
import { MAX_INLINE_PAYLOAD_TEXT } from '../../workflows/ticket/checks.js';
import type { Input, Person, Problem, TicketState, TimelineEvent } from '../../workflows/ticket/model.js';
import { agent, employee, move, requester, unstartedTicket } from '../support/interpreter.js';
import { runawayProcess } from '../support/runaway-process.js';

/** An event's data of whatever kind, for assertions that read one member across kinds. */
const dataOf = (e: TimelineEvent) => e.data as Record<string, unknown>;

const itSupport = loadSampleProcess('it-support') as ProcessDefinition;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 9);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Applies inputs in order (each must be accepted) and returns the final outcome. */
function run(def: ProcessDefinition, inputs: Input[], from?: TicketState) {
  let state = from ?? unstartedTicket(def);
  let last = apply(def, state, { type: 'start', at: T0, actor: { kind: 'person', ...employee } });
  if (from) last = { state, events: [], actions: [] };
  state = last.state;
  for (const input of inputs) {
    last = apply(def, deepFreeze(state), input);
    assert.equal(last.refusal, undefined, `refused: ${JSON.stringify(last.refusal)}`);
    state = last.state;
  }
  return last;
}

describe('interpreter', () => {
  it('enters the initial state and queues its actions in order', () => {
    const { state, events, actions } = run(itSupport, []);
    assert.equal(state.state, 'new');
    assert.deepEqual(
      events.map((e) => [e.seq, e.type]),
      [
        [1, 'created'],
        [2, 'entered'],
        [3, 'sla_started'],
      ],
    );
    assert.deepEqual(
      actions.map((a) => [a.action.kind, a.entry, a.origin]),
      [
        ['assign', 1, 'state:new'],
        ['notify', 1, 'state:new'],
        ['sla_schedule', 0, 'sla:first_response'],
      ],
    );
    assert.equal(state.version, 2);
  });

  it('moves between states and arms the state timer of the target, disarming it on leaving', () => {
    const resolved = run(itSupport, [
      move('start', T0 + HOUR),
      move('resolve', T0 + 2 * HOUR, agent, { resolution: { text: 'txt-1' } }),
    ]);
    assert.equal(resolved.state.state, 'resolved');
    assert.deepEqual(resolved.state.timers, [
      { id: 'state:3:0', at: T0 + 2 * HOUR + 72 * HOUR, kind: 'state', entry: 3, transition: 'auto_close' },
    ]);
    assert.equal(nextDeadline(resolved.state), T0 + 74 * HOUR);
    const reopened = run(itSupport, [move('reopen', T0 + 3 * HOUR, employee)], resolved.state);
    assert.deepEqual(reopened.state.timers, []);
  });

  it('fires an armed timer and ignores one that was disarmed', () => {
    const resolved = run(itSupport, [move('start', T0), move('resolve', T0, agent, { resolution: { text: 'x' } })]);
    const stale = apply(itSupport, resolved.state, { type: 'timer_fired', at: T0 + 80 * HOUR, id: 'state:1:0' });
    assert.deepEqual(stale.events, []);
    const fired = apply(itSupport, resolved.state, { type: 'timer_fired', at: T0 + 72 * HOUR, id: 'state:3:0' });
    assert.equal(fired.state.state, 'closed');
    assert.deepEqual(fired.events[0]!.actor, { kind: 'system', cause: 'timer:state:3:0' });
    assert.ok(isFinished(fired.state));
  });

  it('keeps a done ticket alive for its reopen window', () => {
    const def: ProcessDefinition = {
      ...itSupport,
      reopenWindow: 'P7D',
      transitions: [
        ...itSupport.transitions,
        { key: 'revive', label: 'Revive', from: ['closed'], to: 'in_progress', by: ['requester'] },
      ],
    };
    const closed = run(def, [
      move('start', T0),
      move('resolve', T0, agent, { resolution: { text: 'x' } }),
      move('close', T0 + HOUR, employee),
    ]);
    assert.equal(isFinished(closed.state), false);
    const window = closed.state.timers.find((t) => t.kind === 'reopen_window')!;
    assert.equal(window.at, T0 + HOUR + 7 * 24 * HOUR);
    const expired = apply(def, closed.state, { type: 'timer_fired', at: window.at, id: window.id });
    assert.ok(isFinished(expired.state));
    const revived = apply(def, closed.state, move('revive', T0 + 2 * HOUR, employee));
    assert.equal(revived.state.state, 'in_progress');
  });

  it('refuses every change to a finished ticket', () => {
    const closed = run(itSupport, [
      move('start', T0),
      move('resolve', T0, agent, { resolution: { text: 'x' } }),
      move('close', T0, employee),
    ]);
    assert.equal(apply(itSupport, closed.state, move('reopen', T0, employee)).refusal?.reason, 'TICKET_CLOSED');
    assert.equal(
      apply(itSupport, closed.state, { type: 'set_priority', at: T0, actor: agent, priority: 'high' }).refusal?.reason,
      'TICKET_CLOSED',
    );
  });

  it('raises priority one step at a time, up to urgent', () => {
    let state = run(itSupport, []).state;
    const raise = {
      type: 'action',
      at: T0,
      run: { action: { kind: 'raise_priority' }, entry: 0, origin: 'sla:first_response' },
    } as const;
    const seen = [];
    for (let i = 0; i < 4; i++) {
      state = apply(itSupport, state, raise).state;
      seen.push(state.priority);
    }
    assert.deepEqual(seen, ['high', 'urgent', 'urgent', 'urgent']);
  });

  it('skips a transition action whose state was left meanwhile', () => {
    const def = structuredClone(itSupport);
    def.transitions.find((t) => t.key === 'start')!.by.push('system');
    const started = run(def, [move('start', T0)]);
    const late = apply(def, started.state, {
      type: 'action',
      at: T0,
      run: { action: { kind: 'transition', transition: 'start' }, entry: 1, origin: 'state:new' },
    });
    assert.deepEqual(
      late.events.map((e) => [e.type, dataOf(e).reason]),
      [['action_skipped', 'state_changed']],
    );
  });

  it('counts automatic transitions in a row and records where a halted run went', () => {
    let outcome = run(runawayProcess, [move('start', T0)]);
    let steps = 0;
    for (;;) {
      const next = outcome.actions.find((a) => a.action.kind === 'transition')!;
      if (exceedsAutomaticSteps(runawayProcess, outcome.state, next)) break;
      outcome = apply(runawayProcess, outcome.state, { type: 'action', at: T0, run: next });
      steps += 1;
      assert.ok(steps <= MAX_AUTOMATIC_STEPS, 'the run is cut at the limit');
    }
    assert.equal(steps, MAX_AUTOMATIC_STEPS);
    const halted = apply(runawayProcess, outcome.state, { type: 'automation_halted', at: T0, dropped: ['to_b'] });
    assert.deepEqual(
      halted.events.map((e) => [e.type, dataOf(e).limit, (dataOf(e).path as string[]).length, dataOf(e).dropped]),
      [['automation_halted', MAX_AUTOMATIC_STEPS, MAX_AUTOMATIC_STEPS + 1, ['to_b']]],
    );
    assert.equal(halted.state.automatic, undefined, 'the next run counts afresh');
    assert.equal(halted.state.state, 'a');
    const moved = apply(runawayProcess, outcome.state, move('finish', T0));
    assert.equal(moved.state.automatic, undefined, 'a person moving the ticket ends the run');
  });

  it('records an assignment, or why there was none', () => {
    const start = run(itSupport, []).state;
    const assigned = apply(itSupport, start, {
      type: 'assigned',
      at: T0,
      entry: 1,
      group: 'service-desk',
      userId: agent.userId,
    });
    assert.equal(assigned.state.assignee, agent.userId);
    const none = apply(itSupport, start, {
      type: 'assigned',
      at: T0,
      entry: 1,
      group: 'service-desk',
      userId: null,
      reason: 'no_active_member',
    });
    assert.deepEqual(
      none.events.map((e) => [e.type, dataOf(e).reason]),
      [['assignment_skipped', 'no_active_member']],
    );
    assert.equal(none.state.version, start.version, 'a skipped assignment changes nothing a person decides on');
  });

  it('applies a signal once per idempotency key', () => {
    const waiting = run(itSupport, [move('start', T0), move('ask_requester', T0, agent, { question: { text: 'q' } })]);
    const signal: Input = {
      type: 'signal',
      at: T0,
      name: 'requester.replied',
      payload: { message: { text: 'txt-1' } },
      idempotencyKey: 'k1',
      source: 'mail',
    };
    const first = apply(itSupport, waiting.state, signal);
    assert.equal(first.state.state, 'in_progress');
    const again = apply(itSupport, first.state, signal);
    assert.deepEqual([again.duplicate, again.events.length, again.state], [true, 0, first.state]);
  });

  describe('signal payload texts', () => {
    // customer-case: salesforce.case_updated carries comment (longtext, required) and author (text).
    const customerCase = loadSampleProcess('customer-case') as ProcessDefinition;
    const opened = (stored: boolean) => {
      const ticket = unstartedTicket(customerCase, {
        ticketId: 't-3',
        number: 'CS-000001',
        fields: { account: 'ACME' },
      });
      const state = stored ? { ...ticket, signalTextsStored: true } : ticket;
      return apply(customerCase, state, { type: 'start', at: T0, actor: { kind: 'person', ...employee } }).state;
    };
    const updated = (payload: Record<string, unknown>, idempotencyKey = 'sf-1'): Input => ({
      type: 'signal',
      at: T0,
      name: 'salesforce.case_updated',
      payload,
      idempotencyKey,
      source: 'salesforce',
    });
    const problems = (state: TicketState, input: Input) =>
      (apply(customerCase, state, input).refusal?.details?.problems as Problem[] | undefined)?.map((p) => p.message);

    it('takes long texts by the id of their stored text, and records the ids, not the texts', () => {
      const outcome = apply(customerCase, opened(true), updated({ comment: { text: 'txt-9' }, author: 'Ann' }));
      assert.equal(outcome.refusal, undefined);
      assert.deepEqual(
        outcome.events.map((e) => [e.type, dataOf(e).payload]),
        [
          ['signal_received', { comment: { text: 'txt-9' }, author: 'Ann' }],
          ['external_comment', { comment: { text: 'txt-9' }, author: 'Ann' }],
        ],
      );
      // A short text may come stored too: the service stores what is longer than the inline limit.
      assert.equal(
        apply(customerCase, opened(true), updated({ comment: { text: 'a' }, author: { text: 'b' } })).refusal,
        undefined,
      );
    });

    it('refuses long texts inline in new tickets, and takes them as before in tickets from before', () => {
      const inline = updated({ comment: 'Customer called', author: 'x'.repeat(MAX_INLINE_PAYLOAD_TEXT + 1) });
      assert.deepEqual(problems(opened(true), inline), [
        '"comment" is not a stored text',
        `"author" is longer than ${MAX_INLINE_PAYLOAD_TEXT} characters: it must be a stored text`,
      ]);
      assert.deepEqual(problems(opened(true), updated({ comment: { text: 'c' }, author: 'x'.repeat(1001) })), [
        '"author" is longer than 1000 characters',
      ]);
      // Tickets whose workflow started before texts were stored: a text value up to 1,000 characters inline.
      const old = structuredClone(customerCase);
      old.signals!.find((s) => s.name === 'salesforce.case_updated')!.payload![0]!.type = 'text';
      const oldTicket = apply(
        old,
        { ...opened(false), process: { key: old.key, version: 1 } },
        updated({ comment: 'y'.repeat(1000) }),
      );
      assert.equal(oldTicket.refusal, undefined);
      assert.equal(apply(old, opened(false), updated({ comment: { text: 'txt-1' } })).refusal, undefined);
      assert.match(
        apply(old, opened(false), updated({ comment: 'y'.repeat(1001) })).refusal!.message,
        /longer than 1000/,
      );
    });

    it('refuses values that are neither text nor a stored text', () => {
      for (const comment of [3, ['a'], { text: 1 }, { text: 'a', more: 1 }]) {
        assert.deepEqual(problems(opened(true), updated({ comment })), ['"comment" is not a stored text']);
      }
      assert.deepEqual(problems(opened(true), updated({ comment: { text: 'c' }, author: 4 })), [
        '"author" is not text',
      ]);
    });
  });

  it('starts a new cycle of a stopped SLA clock, with its full target, when its start state is entered again', () => {
    const ticket = unstartedTicket(itSupport);
    const created = apply(itSupport, { ...ticket, slaCycles: true } as TicketState, {
      type: 'start',
      at: T0,
      actor: { kind: 'person', ...employee },
    }).state;
    const resolved = run(
      itSupport,
      [move('start', T0 + HOUR), move('resolve', T0 + 2 * HOUR, agent, { resolution: { text: 'x' } })],
      created,
    ).state;
    const before = resolved.slas.resolution!;
    assert.equal(before.status, 'stopped');

    const reopened = apply(itSupport, resolved, move('reopen', T0 + 3 * HOUR, employee));
    const started = reopened.events.filter((e) => e.type === 'sla_started');
    assert.deepEqual(
      started.map((e) => e.data),
      [{ sla: 'resolution', target: 'PT30H', time: 'business', cycle: 2 }],
      'only the resolution clock restarts: first_response does not start on in_progress',
    );
    const clock = reopened.state.slas.resolution!;
    assert.equal(clock.status, 'running');
    assert.equal(clock.remainingMs, 30 * HOUR, 'the full target');
    assert.deepEqual([clock.atRisk, clock.breached, clock.runningSince], [false, false, T0 + 3 * HOUR]);
    assert.ok(clock.epoch > before.epoch, 'deadlines computed for the earlier cycle are ignored');
    assert.deepEqual(
      reopened.actions.filter((a) => a.action.kind === 'sla_schedule').map((a) => a.action),
      [{ kind: 'sla_schedule', sla: 'resolution', epoch: clock.epoch }],
    );
    assert.equal(reopened.state.slas.first_response!.status, 'stopped');

    // Tickets whose workflow started before the rule keep the old one: a stopped clock stays stopped.
    const old = run(itSupport, [
      move('start', T0 + HOUR),
      move('resolve', T0 + 2 * HOUR, agent, { resolution: { text: 'x' } }),
      move('reopen', T0 + 3 * HOUR, employee),
    ]);
    assert.equal(old.state.slas.resolution!.status, 'stopped');
    assert.deepEqual(
      old.events.filter((e) => e.type.startsWith('sla_')),
      [],
    );
  });

  describe('group membership', () => {
    // it-support tickets start in service-desk. Agents of engineering who asked for one are requesters there.
    const deskAgent: Person = { ...agent, groups: ['service-desk'] };
    const outsider: Person = { userId: '00000000-0000-0000-0000-0000000000b1', role: 'AGENT', groups: ['engineering'] };
    const outsideCoordinator: Person = { ...outsider, role: 'COORDINATOR' };
    const admin: Person = { userId: '00000000-0000-0000-0000-0000000000ad', role: 'ADMIN', groups: [] };
    const ownTicket = (actor: Person = outsider) =>
      unstartedTicket(itSupport, { ticketId: 't-2', number: 'IT-000002', by: actor });
    const started = (actor?: Person) =>
      apply(itSupport, ownTicket(actor), { type: 'start', at: T0, actor: { kind: 'person', ...outsider } }).state;
    const reasonOf = (state: TicketState, input: Input) => apply(itSupport, state, input).refusal?.reason;

    it('lets staff work only the tickets of their groups, and admins every ticket', () => {
      const state = started();
      assert.equal(reasonOf(state, move('start', T0, deskAgent)), undefined);
      assert.equal(reasonOf(state, move('start', T0, admin)), undefined);
      const refused = apply(itSupport, state, move('start', T0, outsider)).refusal;
      assert.equal(refused?.reason, 'NOT_ALLOWED');
      assert.equal(
        refused!.message,
        "Start work is for agents and coordinators: you do not work in this ticket's group",
      );
      for (const actor of [outsider, outsideCoordinator]) {
        const internal: Input = { type: 'comment', at: T0, actor, commentId: 'c', visibility: 'internal' };
        assert.equal(reasonOf(state, internal), 'NOT_ALLOWED', `${actor.role}: internal comment`);
        assert.equal(reasonOf(state, { type: 'reassign', at: T0, actor, userId: actor.userId }), 'NOT_ALLOWED');
        assert.equal(
          reasonOf(state, { type: 'set_fields', at: T0, actor, fields: { category: 'network' } }),
          'NOT_ALLOWED',
        );
      }
      assert.equal(
        reasonOf(state, { type: 'set_priority', at: T0, actor: outsideCoordinator, priority: 'high' }),
        'NOT_ALLOWED',
      );
      const deskCoordinator: Person = { ...outsideCoordinator, groups: ['service-desk'] };
      assert.equal(
        reasonOf(state, { type: 'set_priority', at: T0, actor: deskCoordinator, priority: 'high' }),
        undefined,
      );
    });

    it('lets staff outside the group act on their own ticket as its requester', () => {
      const state = started();
      const publicComment: Input = { type: 'comment', at: T0, actor: outsider, commentId: 'c', visibility: 'public' };
      assert.equal(reasonOf(state, publicComment), undefined);
      assert.equal(reasonOf(state, { type: 'attachment', at: T0, actor: outsider, attachmentId: 'a' }), undefined);
      assert.equal(reasonOf(state, move('withdraw', T0, outsider)), undefined);
      // Someone else's ticket of another group: nothing at all.
      const stranger: Person = { ...outsider, userId: '00000000-0000-0000-0000-0000000000b2' };
      assert.equal(reasonOf(state, { ...publicComment, actor: stranger }), 'NOT_ALLOWED');
      assert.equal(reasonOf(state, move('withdraw', T0, stranger)), 'NOT_ALLOWED');
    });

    it('lets employees take employee transitions on their own tickets only', () => {
      const def = structuredClone(itSupport);
      def.transitions.push({ key: 'nudge', label: 'Nudge', from: ['new'], to: 'new', by: ['EMPLOYEE'] });
      const mine: Person = { userId: requester.userId, role: 'EMPLOYEE', groups: [] };
      const other: Person = { ...mine, userId: '00000000-0000-0000-0000-0000000000e2' };
      const state = apply(def, ownTicket(mine), { type: 'start', at: T0, actor: { kind: 'person', ...mine } }).state;
      assert.equal(apply(def, state, move('nudge', T0, mine)).refusal, undefined);
      assert.match(apply(def, state, move('nudge', T0, other)).refusal!.message, /not its requester/);
      assert.equal(apply(def, state, move('nudge', T0, { ...other, groups: undefined })).refusal, undefined);
    });

    it('keeps the role rules for people without group keys (histories from before)', () => {
      const state = started();
      const old: Person = { userId: outsider.userId, role: 'AGENT' };
      assert.equal(reasonOf(state, move('start', T0, old)), undefined);
      assert.equal(
        reasonOf(state, { type: 'comment', at: T0, actor: old, commentId: 'c', visibility: 'internal' }),
        undefined,
      );
      assert.equal(
        reasonOf(state, { type: 'reassign', at: T0, actor: old, userId: old.userId, group: 'x' }),
        undefined,
      );
    });

    it('assigns only people who work in the group the ticket ends up in, or admins', () => {
      const state = started();
      const coordinator: Person = { ...outsideCoordinator, groups: ['service-desk'] };
      const assign = (assignee: { role: Person['role']; groups: string[] }, group?: string): Input => ({
        type: 'reassign',
        at: T0,
        actor: coordinator,
        userId: '00000000-0000-0000-0000-0000000000c1',
        assignee,
        ...(group && { group }),
      });
      assert.equal(reasonOf(state, assign({ role: 'AGENT', groups: ['service-desk'] })), undefined);
      assert.equal(reasonOf(state, assign({ role: 'ADMIN', groups: [] })), undefined);
      const wrong = apply(itSupport, state, assign({ role: 'AGENT', groups: ['engineering'] })).refusal;
      assert.deepEqual(
        [wrong?.reason, wrong?.details],
        [
          'INVALID_FIELD',
          {
            problems: [
              { path: 'userId', message: "The assignee does not work in the ticket's group and is not an admin" },
            ],
          },
        ],
      );
      assert.equal(reasonOf(state, assign({ role: 'EMPLOYEE', groups: [] })), 'INVALID_FIELD');
      // Handing the ticket to engineering: the assignee must be of engineering, not of service-desk.
      assert.equal(reasonOf(state, assign({ role: 'AGENT', groups: ['engineering'] }, 'engineering')), undefined);
      assert.equal(
        reasonOf(state, assign({ role: 'AGENT', groups: ['service-desk'] }, 'engineering')),
        'INVALID_FIELD',
      );
      const handedOver = apply(itSupport, state, assign({ role: 'AGENT', groups: ['engineering'] }, 'engineering'));
      assert.equal(handedOver.state.group, 'engineering');
      assert.equal(reasonOf(handedOver.state, move('start', T0, deskAgent)), 'NOT_ALLOWED', 'service-desk let it go');
      assert.equal(reasonOf(handedOver.state, move('start', T0, { ...outsider, userId: 'x' })), undefined);
      // Agents claim within their group; they do not move tickets elsewhere.
      const claimAway: Input = {
        type: 'reassign',
        at: T0,
        actor: deskAgent,
        userId: deskAgent.userId,
        group: 'engineering',
      };
      assert.equal(reasonOf(state, claimAway), 'NOT_ALLOWED');
      assert.equal(
        reasonOf(state, { type: 'reassign', at: T0, actor: deskAgent, userId: deskAgent.userId }),
        undefined,
      );
    });

    it('names the person on the timeline without the groups the checks looked at', () => {
      const state = started();
      const { events } = apply(itSupport, state, { type: 'set_priority', at: T0, actor: admin, priority: 'high' });
      assert.deepEqual(events[0]!.actor, { kind: 'person', userId: admin.userId, role: 'ADMIN' });
    });
  });

  it('never mutates the state it is given', () => {
    const frozen = deepFreeze(run(itSupport, []).state);
    assert.doesNotThrow(() => apply(itSupport, frozen, move('start', T0)));
  });
});

describe('integration outcomes', () => {
  const customerCase = structuredClone(loadSampleProcess('customer-case')) as ProcessDefinition;
  customerCase.transitions.push({
    key: 'issue_opened',
    label: 'Issue opened',
    from: ['escalated'],
    to: 'investigating',
    by: ['system'],
  });
  const escalated = customerCase.states.find((s) => s.key === 'escalated')!;
  const jiraAction = escalated.onEnter!.find((a) => a.kind === 'integration')!;
  if (jiraAction.kind === 'integration') jiraAction.onSuccess = 'issue_opened';
  /** A ticket in escalated, entered as the `entry`th state: the Jira action's run carries the entry it ran for. */
  const inEscalated = (entry: number): TicketState => ({
    ...run(customerCase, []).state,
    state: 'escalated',
    category: 'waiting',
    entry,
  });
  const succeeded = (entry: number): Input => ({
    type: 'integration_succeeded',
    at: T0 + HOUR,
    run: { action: jiraAction, entry, origin: 'state:escalated' },
    id: '10001',
    key: 'ENG-1',
    url: 'https://jira.example.com/browse/ENG-1',
    results: { issue_key: 'ENG-1', issue_id: '10001' },
  });

  it('stores the output fields, records the call and takes onSuccess', () => {
    const out = apply(customerCase, inEscalated(4), succeeded(4));
    assert.equal(out.state.fields.jira_issue_key, 'ENG-1');
    assert.equal(out.state.state, 'investigating');
    assert.deepEqual(
      out.events.slice(0, 3).map((e) => e.type),
      ['fields_set', 'integration_succeeded', 'moved'],
    );
    assert.deepEqual(out.events[1]!.data, {
      system: 'jira',
      operation: 'create_issue',
      id: '10001',
      key: 'ENG-1',
      url: 'https://jira.example.com/browse/ENG-1',
    });
  });

  it('keeps the result but skips onSuccess when the ticket moved on meanwhile', () => {
    const out = apply(customerCase, inEscalated(5), succeeded(4));
    assert.equal(out.state.fields.jira_issue_key, 'ENG-1');
    assert.equal(out.state.state, 'escalated');
    assert.deepEqual(
      out.events.map((e) => [e.type, dataOf(e).reason]),
      [
        ['fields_set', undefined],
        ['integration_succeeded', undefined],
        ['action_skipped', 'state_changed'],
      ],
    );
  });

  it('records a failure with its reason and message, changing nothing else', () => {
    const state = inEscalated(4);
    const out = apply(customerCase, state, {
      type: 'integration_failed',
      at: T0 + HOUR,
      run: { action: jiraAction, entry: 4, origin: 'state:escalated' },
      reason: 'refused',
      message: 'Jira answered 400: project: valid project is required',
    });
    assert.deepEqual(out.state, { ...state, seq: state.seq + 1 });
    assert.deepEqual(out.events[0]!.data, {
      system: 'jira',
      operation: 'create_issue',
      reason: 'refused',
      message: 'Jira answered 400: project: valid project is required',
    });
  });
});
