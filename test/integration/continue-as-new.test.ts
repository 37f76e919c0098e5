// Continue-as-new with a lowered cap: the next run carries state, version, armed timers and the
// memory of signal idempotency keys and of update ids, which a retry after a lost answer is found by.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishDefinition } from '../../platform/processes/processes.js';
import { setPriorityUpdate } from '../../workflows/ticket/messages.js';
import { fastItSupport } from '../support/fast-process.js';
import { eventually, startTestSystem, type TestSystem, ticketRowWhen } from '../support/system.js';

describe('continue-as-new', () => {
  let sys: TestSystem;

  before(async () => {
    sys = await startTestSystem({ continueAsNewAfter: 10, maxCachedWorkflows: 0 });
    await publishDefinition(
      sys.db,
      fastItSupport({ autoClose: 'PT15S', firstResponse: 'PT1H', resolution: 'PT1H' }),
      'test',
    );
  });
  after(async () => {
    await sys.stop();
  });

  it('carries state, version, armed timers and signal idempotency across runs', async () => {
    const erin = await sys.person('erin.employee@example.com');
    const sam = await sys.person('sam.agent@example.com');
    const cora = await sys.person('cora.coordinator@example.com');
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Long-lived', requester: { userId: erin.userId }, fields: { category: 'other' } },
      erin,
    );
    const number = ticket.number;
    const handle = sys.temporal.workflow.getHandle(number);
    const firstRun = (await handle.describe()).runId;

    await sys.tickets.move(number, sam, { transition: 'start' });
    await sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: 'Which one?' } });
    const replied = await sys.tickets.deliverSignal(number, {
      name: 'requester.replied',
      payload: { message: 'That one' },
      idempotencyKey: 'mail-1',
      source: 'mail',
    });
    assert.equal(replied.ticket.state, 'in_progress');
    // An update with an explicit id, as a client's retry would resend it.
    const raise = () =>
      handle.executeUpdate(setPriorityUpdate, {
        args: [{ actor: cora, priority: 'high', expectedVersion: replied.ticket.version }],
        updateId: 'raise-1',
      });
    await raise();
    const before = await sys.tickets.settle(number);

    const secondRun = await eventually(
      async () => {
        const runId = (await handle.describe()).runId;
        return runId !== firstRun ? runId : undefined;
      },
      20_000,
      'continue-as-new',
    );
    assert.notEqual(secondRun, firstRun);

    const carried = await sys.tickets.settle(number);
    assert.deepEqual(
      [carried.state, carried.priority, carried.version, carried.assignee],
      [before.state, before.priority, before.version, before.assignee],
      'state and version carry over',
    );
    const duplicate = await sys.tickets.deliverSignal(number, {
      name: 'requester.replied',
      payload: { message: 'That one' },
      idempotencyKey: 'mail-1',
      source: 'mail',
    });
    assert.equal(duplicate.duplicate, true, 'the idempotency key is remembered across runs');
    const retried = await raise(); // its expectedVersion is stale by now: applied again, it would be refused
    assert.equal(retried.version, before.version, 'a retried update id is applied once, also across runs');

    // Arm a timer, let the workflow continue as new again (past its cap, once quiet for a second), and see
    // the timer fire in the later run: auto_close is 15 s away, time enough for ten changes replayed
    // from history one by one (this worker caches nothing).
    await sys.tickets.move(number, sam, { transition: 'resolve', fields: { resolution: 'Fixed.' } });
    const armedIn = (await handle.describe()).runId;
    for (let i = 0; i < 10; i++)
      await sys.tickets.setFields(number, sam, { fields: { category: i % 2 ? 'network' : 'access' } });
    const closed = await ticketRowWhen(
      sys,
      number,
      (r) => r.state === 'closed',
      30_000,
      'auto_close after continue-as-new',
    );
    assert.equal(closed.category, 'done');
    const firedIn = (await handle.describe()).runId;
    assert.notEqual(firedIn, armedIn, 'the timer armed in one run fired in a later one');

    const { events } = await sys.tickets.timeline(number);
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
      'one event per sequence number, none lost or doubled across runs',
    );
    assert.equal(events.filter((e) => e.type === 'signal_received').length, 1);
  });

  it('answers a move retried by its id after the run that took it continued as new', async () => {
    const erin = await sys.person('erin.employee@example.com');
    const sam = await sys.person('sam.agent@example.com');
    const { ticket } = await sys.tickets.create(
      {
        process: 'it-support',
        title: 'Dropped, then busy',
        requester: { userId: erin.userId },
        fields: { category: 'other' },
      },
      erin,
    );
    const number = ticket.number;
    const handle = sys.temporal.workflow.getHandle(number);
    await sys.tickets.settle(number);
    const first = await sys.tickets.move(number, sam, { transition: 'start', updateId: 'drop-1' });
    const takenIn = (await handle.describe()).runId;
    for (let i = 0; i < 10; i++)
      await sys.tickets.setFields(number, sam, { fields: { category: i % 2 ? 'network' : 'access' } });
    // Past its cap, the run continues as new once the ticket has been quiet for a second.
    await eventually(
      async () => ((await handle.describe()).runId !== takenIn ? true : undefined),
      20_000,
      'the run that took the drop continued as new',
    );
    const now = await sys.tickets.settle(number);

    // Temporal knows an update id within its run only: the carried memory answers, with the ticket as it is.
    const answer = await sys.tickets.earlierMove(number, sam, { toState: 'in_progress' }, 'drop-1');
    assert.ok(answer, 'the drop is found taken');
    assert.deepEqual([answer.state, answer.version], [now.state, now.version]);
    assert.ok(answer.version > first.version);
    assert.equal(await sys.tickets.earlierMove(number, sam, { toState: 'in_progress' }, 'drop-2'), undefined);
  });
});
