// Keys that make a request safe to retry are the caller's own: a create's idempotency key, a change's
// update id and a signal's idempotency key mean "the same request again" only for whoever sent them.
// A retry stores nothing twice, a redelivery after the ticket closed is still a duplicate, and a burst
// of redeliveries is answered as duplicates whatever Temporal's limit on changes in flight says.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTicketService } from '../../platform/tickets/service.js';
import type { Person } from '../../workflows/ticket/model.js';
import { startTestSystem, type TestSystem, workflowCompleted } from '../support/system.js';

describe('request keys', () => {
  let sys: TestSystem;
  let erin: Person;
  let eli: Person;
  let sam: Person;
  let sid: Person;

  before(async () => {
    sys = await startTestSystem();
    erin = await sys.person('erin.employee@example.com');
    eli = await sys.person('eli.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
    sid = await sys.person('cora.coordinator@example.com');
  });
  after(() => sys.stop());

  const create = (by: Person, idempotencyKey?: string) =>
    sys.tickets.create(
      {
        process: 'it-support',
        title: 'Keys',
        requester: { userId: by.userId },
        fields: { category: 'network' },
        ...(idempotencyKey && { idempotencyKey }),
      },
      by,
    );
  const rows = async (table: 'ticket_texts' | 'comments', ticketId: string) =>
    (await sys.db.selectFrom(table).select('id').where('ticket_id', '=', ticketId).execute()).length;

  it("makes another person's create with the same idempotency key a ticket of their own", async () => {
    const first = await create(erin, 'shared-key');
    const other = await create(eli, 'shared-key');
    assert.notEqual(other.ticket.number, first.ticket.number, 'Eli gets a ticket of his own');
    assert.equal((await create(erin, 'shared-key')).ticket.number, first.ticket.number, "Erin's retry finds hers");
    assert.equal((await create(eli, 'shared-key')).ticket.number, other.ticket.number, "Eli's retry finds his");
  });

  it("scopes a system's create key to the API key that sent it", async () => {
    const system = { kind: 'system' as const, cause: 'api-key:crm' };
    const input = {
      process: 'it-support',
      title: 'From a system',
      requester: { userId: erin.userId },
      fields: { category: 'network' },
      idempotencyKey: 'crm-1',
    };
    const a = await sys.tickets.create(input, system, 'api-key:11111111-1111-4111-8111-111111111111');
    const b = await sys.tickets.create(input, system, 'api-key:22222222-2222-4222-8222-222222222222');
    const again = await sys.tickets.create(input, system, 'api-key:11111111-1111-4111-8111-111111111111');
    assert.notEqual(b.ticket.number, a.ticket.number);
    assert.equal(again.ticket.number, a.ticket.number);
  });

  it("applies a comment sent with another person's update id as a new change", async () => {
    const { ticket, id } = await create(erin);
    await sys.tickets.comment(ticket.number, erin, { body: 'From Erin', visibility: 'public', updateId: 'u-1' });
    await sys.tickets.comment(ticket.number, sam, { body: 'From Sam', visibility: 'public', updateId: 'u-1' });
    const comments = await sys.db
      .selectFrom('comments')
      .select(['body'])
      .where('ticket_id', '=', id)
      .orderBy('created_at')
      .execute();
    assert.deepEqual(
      comments.map((c) => c.body),
      ['From Erin', 'From Sam'],
    );
    const { events } = await sys.tickets.timeline(ticket.number);
    assert.equal(events.filter((e) => e.type === 'commented').length, 2, 'both comments are on the timeline');
  });

  it('stores nothing again for a change retried with its update id', async () => {
    const { ticket, id } = await create(erin);
    await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    const ask = { transition: 'ask_requester', fields: { question: 'Which floor?' }, updateId: 'ask-1' };
    await sys.tickets.move(ticket.number, sam, ask);
    const texts = await rows('ticket_texts', id);
    const moved = await sys.tickets.move(ticket.number, sam, ask);
    assert.equal(moved.state, 'waiting_on_requester', 'the retry gets the first answer');
    assert.equal(await rows('ticket_texts', id), texts, 'a retried move stores its long text once');

    const set = { fields: { resolution: 'A long answer' }, updateId: 'set-1' };
    await sys.tickets.setFields(ticket.number, sam, set);
    const afterSet = await rows('ticket_texts', id);
    await sys.tickets.setFields(ticket.number, sam, set);
    assert.equal(await rows('ticket_texts', id), afterSet, 'a retried setFields stores its long text once');

    const comment = { body: 'Once', visibility: 'internal' as const, updateId: 'c-1' };
    await sys.tickets.comment(ticket.number, sam, comment);
    const comments = await rows('comments', id);
    await sys.tickets.comment(ticket.number, sam, comment);
    assert.equal(await rows('comments', id), comments, 'a retried comment is stored once');
    const { events } = await sys.tickets.timeline(ticket.number);
    assert.equal(events.filter((e) => e.type === 'commented').length, 1);
  });

  it('scopes signal keys to their sender, and answers a redelivery after the ticket closed as a duplicate', async () => {
    const { ticket } = await create(erin);
    await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    await sys.tickets.move(ticket.number, sam, { transition: 'ask_requester', fields: { question: 'Which floor?' } });
    const reply = {
      name: 'requester.replied',
      payload: { message: 'Third' },
      idempotencyKey: 'mail-1',
      source: 'mail',
    };
    const first = await sys.tickets.deliverSignal(ticket.number, reply, 'webhook:mail');
    assert.equal(first.duplicate, false);
    // Another sender's key of the same text is a new request: here one the state no longer takes.
    await assert.rejects(sys.tickets.deliverSignal(ticket.number, reply, 'api-key:other'), (error: unknown) => {
      assert.equal((error as { details?: { reason?: string } }).details?.reason, 'SIGNAL_NOT_APPLICABLE');
      return true;
    });
    assert.equal((await sys.tickets.deliverSignal(ticket.number, reply, 'webhook:mail')).duplicate, true);

    await sys.tickets.move(ticket.number, sam, { transition: 'resolve', fields: { resolution: 'Fixed' } });
    await sys.tickets.move(ticket.number, erin, { transition: 'close' });
    await workflowCompleted(sys, ticket.number);
    const late = await sys.tickets.deliverSignal(ticket.number, reply, 'webhook:mail');
    assert.equal(late.duplicate, true, 'a redelivery to a closed ticket is the duplicate it is');
    assert.equal(late.ticket.state, 'closed');
  });

  it('answers every one of 20 concurrent deliveries of one key, once applied and otherwise as duplicates', async () => {
    const { ticket } = await create(erin);
    await sys.tickets.move(ticket.number, sid, { transition: 'start' });
    await sys.tickets.move(ticket.number, sid, { transition: 'ask_requester', fields: { question: 'When?' } });
    // As from 20 API replicas: nothing in one process holds the others back.
    const replicas = Array.from({ length: 20 }, () =>
      createTicketService({ db: sys.db, temporal: sys.temporal, taskQueue: sys.taskQueue, dataDir: sys.dataDir }),
    );
    const reply = { name: 'requester.replied', payload: { message: 'Now' }, idempotencyKey: 'burst', source: 'mail' };
    const outcomes = await Promise.allSettled(
      replicas.map((replica) => replica.deliverSignal(ticket.number, reply, 'webhook:mail')),
    );
    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    assert.deepEqual(failed, [], 'no delivery is refused or fails');
    const applied = outcomes.filter((o) => o.status === 'fulfilled' && !o.value.duplicate).length;
    assert.equal(applied, 1, 'one delivery took effect; the others are duplicates');
    const inOneProcess = await Promise.all(
      Array.from({ length: 20 }, () => sys.tickets.deliverSignal(ticket.number, reply, 'webhook:mail')),
    );
    assert.ok(inOneProcess.every((o) => o.duplicate));
  });
});
