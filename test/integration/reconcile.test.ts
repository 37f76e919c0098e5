// A create that stops between the ticket's row and its workflow (Temporal down, the process killed) is
// finished later: the row keeps what starts the workflow, operators see it, the reconciler starts it.
import { personCaller, scopedKey } from '../../platform/tickets/request-keys.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { assertReadModelMatchesWorkflow, startTestSystem, systemEnv, type TestSystem } from '../support/system.js';
import { ticketServiceWithoutTemporal } from '../support/unreachable-temporal.js';

const run = promisify(execFile);

describe('creates that stop halfway', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startTestSystem();
  });
  after(async () => {
    await sys.stop();
  });

  it(
    'are answered UNAVAILABLE, listed for operators, and finished by the reconciler',
    { timeout: 60_000 },
    async () => {
      const erin = await sys.person('erin.employee@example.com');
      // The same database, but a Temporal that does not answer.
      const { tickets: unreachable, close } = await ticketServiceWithoutTemporal(sys);
      const request = {
        process: 'it-support',
        title: 'Created while Temporal was down',
        requester: { userId: erin.userId },
        fields: { category: 'network' },
        idempotencyKey: 'create-while-down',
      };
      await assert.rejects(unreachable.create(request, erin), (error: unknown) => {
        assert.ok(error instanceof AppError, String(error));
        assert.equal(error.code, 'UNAVAILABLE', error.message);
        return true;
      });
      await close();
      const row = await sys.db
        .selectFrom('tickets')
        .selectAll()
        .where('idempotency_key', '=', scopedKey(personCaller(erin), request.idempotencyKey))
        .executeTakeFirstOrThrow();
      assert.equal(row.state, null);
      assert.ok(row.start_input, 'the row keeps what starts its workflow');

      const cli = async (...args: string[]) =>
        (
          await run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
            env: systemEnv(sys),
          })
        ).stdout;
      // Not yet: a create this young may still be under way.
      assert.match(await cli('ticket', 'problems'), /no ticket needs a look/);
      assert.deepEqual(await sys.tickets.reconcile(), []);

      // As if the process had died a minute ago.
      await sql`update tickets set created_at = now() - interval '1 minute' where id = ${row.id}`.execute(sys.db);
      assert.match(await cli('ticket', 'problems'), new RegExp(`${row.number} +created, workflow not started yet`));
      assert.match(await cli('ticket', 'reconcile'), new RegExp(`started ${row.number}`));

      const ticket = await sys.tickets.settle(row.number);
      assert.equal(ticket.state, 'new');
      assert.ok(ticket.assignee, 'assigned round-robin like any other ticket');
      await assertReadModelMatchesWorkflow(sys, row.number);
      const finished = await sys.tickets.get(row.number);
      assert.equal(finished.start_input, null);
      assert.match(await cli('ticket', 'problems'), /no ticket needs a look/);

      // The caller's retry with its idempotency key gets the same ticket.
      const retried = await sys.tickets.create(request, erin);
      assert.equal(retried.ticket.number, row.number);
      const count = await sys.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    },
  );
});
