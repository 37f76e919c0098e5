// State timers and SLA clocks on a real Temporal dev server, with durations of seconds: the workflow
// sleeps until the next deadline, fires it and asks the calendar activity for business time. The rules
// themselves are in test/unit/interpreter-sla.test.ts, with time passed in. The tests here wait in real
// time on tickets of their own, so they run side by side.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishDefinition } from '../../platform/processes/processes.js';
import type { Person } from '../../workflows/ticket/model.js';
import { fastItSupport } from '../support/fast-process.js';
import { eventually, startTestSystem, type TestSystem, ticketRowWhen, workflowCompleted } from '../support/system.js';

describe('timers and SLA clocks', { concurrency: true }, () => {
  let sys: TestSystem;
  let erin: Person;
  let sam: Person;

  before(async () => {
    sys = await startTestSystem();
    await publishDefinition(sys.db, fastItSupport(), 'test');
    erin = await sys.person('erin.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
  });
  after(async () => {
    await sys.stop();
  });

  const create = async (title: string) =>
    (
      await sys.tickets.create(
        { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'access' } },
        erin,
      )
    ).ticket.number;
  const events = async (number: string) => (await sys.tickets.timeline(number)).events;
  const eventOf = async (number: string, type: string, sla?: string) =>
    (await events(number)).find((e) => e.type === type && (sla === undefined || e.data.sla === sla));

  it('takes a state timer transition after its duration', async () => {
    const number = await create('Auto close');
    await sys.tickets.move(number, sam, { transition: 'start' });
    const resolved = await sys.tickets.move(number, sam, { transition: 'resolve', fields: { resolution: 'Done.' } });
    assert.equal(resolved.state, 'resolved');
    const row = await ticketRowWhen(sys, number, (r) => r.state === 'closed', 20_000, 'auto_close');
    assert.equal(row.category, 'done');
    const moved = (await events(number)).filter((e) => e.type === 'moved').at(-1)!;
    assert.equal(moved.data.transition, 'auto_close');
    assert.match(String(moved.actor.cause), /^timer:state:/);
    const enteredResolved = (await events(number)).find((e) => e.type === 'entered' && e.data.state === 'resolved')!;
    const waited = moved.at.getTime() - enteredResolved.at.getTime();
    assert.ok(waited >= 2000 && waited < 10_000, `auto_close after ${waited} ms (timer: 2 s)`);
    // The workflow completes once the ticket is done.
    const description = await workflowCompleted(sys, number);
    assert.equal(description.status.name, 'COMPLETED');
  });

  it('warns when an SLA clock is at risk and acts when it is breached', async () => {
    const number = await create('Nobody answers');
    const breached = await eventually(() => eventOf(number, 'sla_breached', 'first_response'), 20_000, 'breach');
    const atRisk = (await eventOf(number, 'sla_at_risk', 'first_response'))!;
    const started = (await eventOf(number, 'sla_started', 'first_response'))!;
    const risk = atRisk.at.getTime() - started.at.getTime();
    const breach = breached.at.getTime() - started.at.getTime();
    // A worker that falls behind (two cores, four test files at once) takes both thresholds in one task:
    // then they share a time, and the order of the timeline says which came first.
    assert.ok(risk >= 1500 && risk <= breach, `at risk after ${risk} ms (50 % of 3 s)`);
    assert.ok(atRisk.seq < breached.seq, 'at risk before breached');
    assert.ok(breach >= 3000 && breach < 8000, `breached after ${breach} ms (target 3 s)`);
    const row = await ticketRowWhen(sys, number, (r) => r.priority === 'high');
    assert.equal((row.slas as Record<string, { breached: boolean }>).first_response?.breached, true);
    await sys.tickets.settle(number); // the breach's notification runs after its priority raise
    const notified = (await events(number)).filter(
      (e) => e.type === 'notified' && String(e.actor.cause).startsWith('sla:first_response'),
    );
    assert.deepEqual(
      notified.map((e) => e.data.template),
      ['sla_at_risk', 'sla_breached'],
      'the notifications are on the timeline',
    );
  });

  it('pauses an SLA clock in a waiting state and resumes it with the remaining time (business time)', async () => {
    const number = await create('Pause me');
    await sys.tickets.move(number, sam, { transition: 'start' }); // resolution clock: 4 s of business time
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: 'Which room?' } });
    await new Promise((resolve) => setTimeout(resolve, 5000)); // longer than the whole target: paused, no breach
    assert.equal(await eventOf(number, 'sla_breached', 'resolution'), undefined, 'no breach while paused');
    await sys.tickets.move(number, erin, { transition: 'requester_replied' });

    const breached = await eventually(
      () => eventOf(number, 'sla_breached', 'resolution'),
      20_000,
      'breach after resume',
    );
    const started = (await eventOf(number, 'sla_started', 'resolution'))!.at.getTime();
    const paused = (await eventOf(number, 'sla_paused', 'resolution'))!.at.getTime();
    const resumed = (await eventOf(number, 'sla_resumed', 'resolution'))!.at.getTime();
    const remaining = 4000 - (paused - started);
    const afterResume = breached.at.getTime() - resumed;
    assert.ok(
      afterResume >= remaining - 50 && afterResume < remaining + 2000,
      `breached ${afterResume} ms after resuming; ${remaining} ms were left`,
    );
  });

  it('stops SLA clocks when the ticket reaches a stopping state', async () => {
    const number = await create('Quick answer');
    await sys.tickets.move(number, sam, { transition: 'start' });
    const stopped = await eventually(() => eventOf(number, 'sla_stopped', 'first_response'));
    assert.equal(stopped.data.breached, false);
    const settled = await sys.tickets.settle(number);
    assert.equal(settled.slas.first_response?.status, 'stopped');
    assert.equal(settled.slas.resolution?.status, 'running');
    assert.ok(settled.slas.resolution!.deadline! > Date.now() - 1000, 'the resolution deadline is known');
  });

  it('starts a new cycle of a stopped SLA clock, with its full target, when the ticket is reopened', async () => {
    const number = await create('Reopen me');
    await sys.tickets.move(number, sam, { transition: 'start' }); // resolution clock: 4 s of business time
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await sys.tickets.move(number, sam, { transition: 'resolve', fields: { resolution: 'Done.' } });
    const reopened = await sys.tickets.move(number, erin, { transition: 'reopen' }); // before auto_close (2 s)
    assert.equal(reopened.state, 'in_progress');

    const breached = await eventually(
      () => eventOf(number, 'sla_breached', 'resolution'),
      20_000,
      'breach in the second cycle',
    );
    const timeline = await events(number);
    const resolution = timeline.filter((e) => e.data.sla === 'resolution').map((e) => [e.type, e.data.cycle]);
    assert.deepEqual(resolution, [
      ['sla_started', 1],
      ['sla_stopped', undefined],
      ['sla_started', 2],
      ['sla_at_risk', undefined],
      ['sla_breached', undefined],
    ]);
    const second = timeline.filter((e) => e.type === 'sla_started' && e.data.sla === 'resolution')[1]!;
    const afterReopen = breached.at.getTime() - second.at.getTime();
    assert.ok(
      afterReopen >= 3950 && afterReopen < 8000,
      `breached ${afterReopen} ms into the second cycle: the full 4 s target, not the 2.5 s left of the first`,
    );
  });
});
