// Round-robin is fair across worker processes: the cursor lives in Postgres, not in a worker.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { addMember, removeMember } from '../../platform/people/groups.js';
import { createUser, setUserStatus } from '../../platform/people/users.js';
import { spawnWorkerProcess, startTestSystem, type TestSystem } from '../support/system.js';

describe('round-robin assignment', () => {
  let sys: TestSystem;
  const workers: { process: ChildProcess; output: string }[] = [];

  before(async () => {
    sys = await startTestSystem({ worker: false });
    // service-desk: three active agents and one away (the coordinator leaves the pool for this test).
    await removeMember(sys.db, 'service-desk', 'cora.coordinator@example.com');
    await createUser(sys.db, { email: 'ava.agent@example.com', name: 'Ava Away', role: 'AGENT' });
    await addMember(sys.db, 'service-desk', 'ava.agent@example.com');
    await setUserStatus(sys.db, 'ava.agent@example.com', 'away');

    for (let i = 0; i < 2; i++) {
      const child = spawnWorkerProcess(sys, 'info');
      const worker = { process: child, output: '' };
      child.stdout!.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
      workers.push(worker);
    }
    const deadline = Date.now() + 60_000;
    while (!workers.every((w) => w.output.includes('"msg":"worker started"'))) {
      assert.ok(Date.now() < deadline, 'both worker processes start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  after(async () => {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.process.exitCode !== null) return resolve();
            w.process.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await sys.stop();
  });

  it('gives 30 tickets created at once to 3 agents, 10 each, over two worker processes; the away agent gets none', async () => {
    const erin = await sys.person('erin.employee@example.com');
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        sys.tickets.create(
          {
            process: 'it-support',
            title: `Ticket ${i}`,
            requester: { userId: erin.userId },
            fields: { category: 'software' },
          },
          erin,
        ),
      ),
    );
    await Promise.all(created.map(({ ticket }) => sys.tickets.settle(ticket.number)));

    const counts = await sys.db
      .selectFrom('tickets as t')
      .innerJoin('users as u', 'u.id', 't.assignee_id')
      .select(['u.email', ({ fn }) => fn.countAll<number>().as('n')])
      .groupBy('u.email')
      .orderBy('u.email')
      .execute();
    assert.deepEqual(
      counts.map((c) => [c.email, Number(c.n)]),
      [
        ['sam.agent@example.com', 10],
        ['sara.agent@example.com', 10],
        ['sid.agent@example.com', 10],
      ],
    );
    const decisions = workers.map((w) => (w.output.match(/"msg":"round-robin assignment"/g) ?? []).length);
    assert.equal(decisions[0]! + decisions[1]!, 30, 'each ticket was assigned once');
    assert.ok(
      decisions.every((n) => n > 0),
      `both worker processes assigned tickets (${decisions.join(' + ')})`,
    );
  });
});
