// The read model (the `tickets` row and the timeline) is the workflow as Postgres shows it: after every
// kind of change it equals the workflow's own snapshot; a create reads its own write even when Postgres
// is slow; data that Postgres refuses is flagged on the ticket instead of blocking it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { publishDefinition } from '../../platform/processes/processes.js';
import type { Person } from '../../workflows/ticket/model.js';
import { fastItSupport } from '../support/fast-process.js';
import {
  assertReadModelMatchesWorkflow,
  eventually,
  startTestSystem,
  systemEnv,
  type TestSystem,
} from '../support/system.js';

/** Every case has its own time limit: a stalled ticket fails its case, not the whole run. */
const CASE = { timeout: 60_000 };

describe('the read model', () => {
  let sys: TestSystem;
  let erin: Person;
  let sam: Person;
  let cora: Person;

  before(async () => {
    sys = await startTestSystem();
    // Business-time clocks: their deadlines come from the calendar activity, after the events that start them.
    await publishDefinition(sys.db, fastItSupport({ firstResponse: 'PT1H', resolution: 'PT2H' }), 'test');
    erin = await sys.person('erin.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
    cora = await sys.person('cora.coordinator@example.com');
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
    ).ticket;

  it('equals the workflow after every kind of change', CASE, async () => {
    const { number } = await create('Every change');
    const matches = async () => {
      await sys.tickets.settle(number);
      await assertReadModelMatchesWorkflow(sys, number);
    };
    await matches(); // created, assigned round-robin, first-response clock started
    await sys.tickets.move(number, sam, { transition: 'start' });
    await matches(); // the business-time resolution clock has its deadline now
    const { slas } = await sys.tickets.get(number);
    assert.ok((slas.resolution as { deadline: number | null }).deadline, 'the business-time deadline is projected');
    await sys.tickets.setPriority(number, cora, { priority: 'high' });
    await matches();
    await sys.tickets.reassign(number, cora, { userId: sam.userId });
    await matches();
    await sys.tickets.setFields(number, sam, { fields: { question: 'Which laptop?' } });
    await matches();
    await sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: 'Which one?' } });
    await matches(); // the resolution clock paused
    await sys.tickets.deliverSignal(number, {
      name: 'requester.replied',
      payload: { message: 'The grey one' },
      idempotencyKey: 'reply-1',
      source: 'mail',
    });
    await matches(); // resumed, with a new deadline
    await sys.tickets.comment(number, erin, { body: 'Thanks', visibility: 'public' });
    await matches();
    await sys.tickets.move(number, sam, { transition: 'resolve', fields: { resolution: 'Replaced.' } });
    await matches();
  });

  it('has a create in it when the create returns, even with Postgres writes slowed down', CASE, async () => {
    await sql`create function slow_down() returns trigger language plpgsql as $$
      begin perform pg_sleep(0.4); return new; end $$`.execute(sys.db);
    await sql`create trigger slow_projection before update on tickets for each row execute function slow_down()`.execute(
      sys.db,
    );
    try {
      const ticket = await create('Slow Postgres');
      const row = await sys.tickets.get(ticket.number);
      assert.equal(row.state, ticket.state, 'the row has the state the create returned');
      assert.equal(row.version, ticket.version);
    } finally {
      await sql`drop trigger slow_projection on tickets`.execute(sys.db);
      await sql`drop function slow_down()`.execute(sys.db);
    }
  });

  it('flags data that Postgres refuses on the ticket, and the ticket carries on', CASE, async () => {
    const { number } = await create('Refused data');
    await sys.tickets.settle(number);
    // A rule the data breaks, as Postgres would refuse a U+0000 or a row too large: no retry can fix it.
    await sql`alter table ticket_events add constraint no_priority_changes check (type <> 'priority_changed') not valid`.execute(
      sys.db,
    );
    try {
      const changed = await sys.tickets.setPriority(number, cora, { priority: 'urgent' });
      assert.equal(changed.priority, 'urgent', 'the workflow applied the change and answered');
      const row = await sys.tickets.get(number);
      assert.ok(row.projection_error, 'the row is flagged');
      assert.equal(row.projection_error.code, '23514');
      const flagged = await sys.db
        .selectFrom('tickets')
        .select('number')
        .where('projection_error', 'is not', null)
        .execute();
      assert.deepEqual(
        flagged.map((r) => r.number),
        [number],
        'operators can list the flagged tickets',
      );
      const { events } = await sys.tickets.timeline(number);
      const failed = events.find((e) => e.type === 'projection_failed');
      assert.ok(failed, 'the timeline says what could not be stored');
      assert.equal(failed.data.code, '23514');
    } finally {
      await sql`alter table ticket_events drop constraint no_priority_changes`.execute(sys.db);
    }
    // Later changes project again.
    const moved = await sys.tickets.move(number, sam, { transition: 'start' });
    const row = await eventually(async () => {
      const r = await sys.tickets.get(number);
      return r.state === 'in_progress' ? r : undefined;
    });
    assert.equal(row.version, moved.version);
    assert.equal(row.priority, 'urgent');
  });

  it('is written over by its workflow when it ran ahead of it, from the API and from the CLI', CASE, async () => {
    const { number } = await create('Ran ahead');
    const settled = await sys.tickets.settle(number);
    const row = await sys.tickets.get(number);
    // What a projection of a workflow task the Temporal server then lost leaves: a move the workflow
    // does not have, on the row and on the timeline. No event of the ticket will come to replace it.
    const runAhead = async () => {
      await sys.db
        .updateTable('tickets')
        .set((eb) => ({ state: 'resolved', category: 'done', version: eb('version', '+', 1), seq: eb('seq', '+', 1) }))
        .where('id', '=', row.id)
        .execute();
      const { seq } = await sys.db
        .selectFrom('tickets')
        .select('seq')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      await sys.db
        .insertInto('ticket_events')
        .values({
          ticket_id: row.id,
          seq,
          type: 'state_entered',
          at: new Date(),
          actor: JSON.stringify({ kind: 'system' }),
          data: JSON.stringify({ state: 'resolved' }),
        })
        .execute();
    };
    const phantoms = async () =>
      (
        await sys.db
          .selectFrom('ticket_events')
          .select('seq')
          .where('ticket_id', '=', row.id)
          .where('seq', '>', row.seq)
          .execute()
      ).length;

    await runAhead();
    const repaired = await sys.tickets.repair(number);
    assert.equal(repaired.state, settled.state);
    await assertReadModelMatchesWorkflow(sys, number);
    assert.equal(await phantoms(), 0, 'the event the workflow does not have is gone');
    assert.equal((await sys.tickets.get(number)).seq, row.seq);

    await runAhead();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/cli.ts', 'ticket', 'repair', number],
      {
        env: systemEnv(sys),
      },
    );
    assert.match(stdout, new RegExp(`${number} +read model rewritten from its workflow: ${settled.state}`));
    await assertReadModelMatchesWorkflow(sys, number);
    assert.equal(await phantoms(), 0);

    // The ticket goes on as before.
    await sys.tickets.move(number, sam, { transition: 'start' });
    await sys.tickets.settle(number);
    await assertReadModelMatchesWorkflow(sys, number);
  });
});
