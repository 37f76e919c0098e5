// Nothing is lost or done twice when a worker process is killed, or when the Temporal server is.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { publishDefinition } from '../../platform/processes/processes.js';
import { fastItSupport } from '../support/fast-process.js';
import {
  eventually,
  spawnWorkerProcess,
  startTestSystem,
  stopProcess,
  workflowCompleted,
  type TestSystem,
  ticketRowWhen,
  untilAnswered,
} from '../support/system.js';
import { startKillableDevServer } from '../support/temporal.js';

/** Every ticket's timeline has each sequence number exactly once, and its read model matches it. */
async function assertTimelineIntact(sys: TestSystem, number: string): Promise<void> {
  const { events } = await sys.tickets.timeline(number);
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i + 1),
    `${number}: no event lost or projected twice`,
  );
  const row = await sys.tickets.get(number);
  assert.equal(row.seq, events.length, `${number}: the read model has projected every event`);
}

describe('durability', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it(
    'finishes every ticket in flight when a worker process is SIGKILLed and another takes over',
    { timeout: 120_000 },
    async () => {
      const sys = await startTestSystem({ worker: false });
      cleanups.push(() => sys.stop());
      await publishDefinition(
        sys.db,
        fastItSupport({ autoClose: 'PT3S', firstResponse: 'PT1H', resolution: 'PT1H' }),
        'test',
      );
      const erin = await sys.person('erin.employee@example.com');
      const sam = await sys.person('sam.agent@example.com');

      const first = spawnWorkerProcess(sys);
      cleanups.push(() => stopProcess(first, 'SIGKILL'));
      const numbers = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          // The worker process may still be starting: a create waits at most 10 s, then is sent again.
          const { ticket } = await untilAnswered((idempotencyKey) =>
            sys.tickets.create(
              {
                process: 'it-support',
                title: `In flight ${i}`,
                requester: { userId: erin.userId },
                fields: { category: 'hardware' },
                idempotencyKey,
              },
              erin,
            ),
          );
          await sys.tickets.move(ticket.number, sam, { transition: 'start' });
          return ticket.number;
        }),
      );
      // Resolve them all (arming their auto_close timers) and kill the worker while that work is under way.
      const resolving = numbers.map((n) =>
        untilAnswered((updateId) =>
          sys.tickets.move(n, sam, { transition: 'resolve', fields: { resolution: 'Done' }, updateId }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      await stopProcess(first, 'SIGKILL');

      const second = spawnWorkerProcess(sys);
      cleanups.push(() => stopProcess(second, 'SIGTERM'));
      const results = await Promise.allSettled(resolving);
      assert.deepEqual(
        results.map((r) => r.status),
        numbers.map(() => 'fulfilled'),
        JSON.stringify(results.filter((r) => r.status === 'rejected')),
      );

      for (const number of numbers) {
        await workflowCompleted(sys, number);
        const row = await sys.tickets.get(number);
        assert.equal(row.state, 'closed');
        assert.ok(row.assignee_id, `${number} was assigned`);
        await assertTimelineIntact(sys, number);
        const { events } = await sys.tickets.timeline(number);
        const resolves = events.filter((e) => e.type === 'moved' && e.data.transition === 'resolve');
        assert.equal(
          resolves.length,
          1,
          `${number}: a resolve sent again after UNAVAILABLE applied once: ${events.map((e) => `${e.type}${e.data.transition ? `:${String(e.data.transition)}` : ''}`).join(' ')}`,
        );
      }
      const assignments = await sys.db.selectFrom('assignments').select(['ticket_id']).execute();
      assert.equal(assignments.length, numbers.length, 'one round-robin decision per ticket');
    },
  );

  it(
    'keeps tickets and fires armed timers after the Temporal server is killed and restarted on its data file',
    { timeout: 120_000 },
    async () => {
      const server = await startKillableDevServer(cleanups);

      const sys = await startTestSystem({ temporalAddress: server.address });
      cleanups.push(() => sys.stop());
      await publishDefinition(
        sys.db,
        fastItSupport({ autoClose: 'PT8S', firstResponse: 'PT1H', resolution: 'PT1H' }),
        'test',
      );
      const erin = await sys.person('erin.employee@example.com');
      const sam = await sys.person('sam.agent@example.com');
      const { ticket } = await sys.tickets.create(
        {
          process: 'it-support',
          title: 'Survives',
          requester: { userId: erin.userId },
          fields: { category: 'network' },
        },
        erin,
      );
      await sys.tickets.move(ticket.number, sam, { transition: 'start' });
      await sys.tickets.move(ticket.number, sam, { transition: 'resolve', fields: { resolution: 'Rebooted' } });
      const before = await sys.tickets.settle(ticket.number);

      await server.kill();
      await server.restart();

      const after = await eventually(
        () =>
          sys.temporal.workflow
            .getHandle(ticket.number)
            .query('snapshot')
            .catch(() => undefined),
        30_000,
        'the restarted server',
      );
      assert.deepEqual(after, before, 'the ticket is intact');
      const closed = await ticketRowWhen(
        sys,
        ticket.number,
        (r) => r.state === 'closed',
        60_000,
        'the armed auto_close timer',
      );
      assert.equal(closed.category, 'done');
      await assertTimelineIntact(sys, ticket.number);
    },
  );
});
