// The ticket engine end to end: the ticket service, a real Temporal server, a worker and Postgres.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { AppError, RefusedError } from '../../platform/errors.js';
import { setUserStatus } from '../../platform/people/users.js';
import { attachmentPath } from '../../platform/tickets/attachments.js';
import { personCaller, scopedKey } from '../../platform/tickets/request-keys.js';
import * as store from '../../platform/tickets/store.js';
import { publishDefinition } from '../../platform/processes/processes.js';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import type { Person } from '../../workflows/ticket/model.js';
import type { temporal } from '@temporalio/proto';
import { eventually, startTestSystem, type TestSystem, ticketRowWhen } from '../support/system.js';

/** What a caller should do about each refusal, as its code says. */
const codeOf: Record<string, string> = {
  // A change based on an outdated version lost a race: a CONFLICT to re-read and retry.
  STALE_VERSION: 'CONFLICT',
  NOT_ALLOWED: 'FORBIDDEN',
  SYSTEM_ONLY: 'FORBIDDEN',
  REQUIRED_FIELD_MISSING: 'BAD_USER_INPUT',
  INVALID_FIELD: 'BAD_USER_INPUT',
  INVALID_PAYLOAD: 'BAD_USER_INPUT',
  UNKNOWN_SIGNAL: 'BAD_USER_INPUT',
};

function refusedWith(reason: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof RefusedError, `expected a refusal, got ${String(error)}`);
    assert.equal(error.code, codeOf[reason] ?? 'INVALID_TRANSITION', error.message);
    assert.equal(error.details.reason, reason, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

describe('ticket engine', () => {
  let sys: TestSystem;
  let erin: Person; // employee, the requester
  let eli: Person; // another employee
  let sam: Person; // service-desk agent
  let cora: Person; // coordinator
  let admin: Person;
  let serviceDesk: string[];

  before(async () => {
    sys = await startTestSystem();
    erin = await sys.person('erin.employee@example.com');
    eli = await sys.person('eli.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
    cora = await sys.person('cora.coordinator@example.com');
    admin = await sys.person('admin@example.com');
    const members = await sys.db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select('m.user_id')
      .where('g.key', '=', 'service-desk')
      .execute();
    serviceDesk = members.map((m) => m.user_id);
  });
  after(async () => {
    await sys.stop();
  });

  const createIt = (title = 'Printer on fire', extra: Record<string, unknown> = {}) =>
    sys.tickets.create(
      {
        process: 'it-support',
        title,
        description: 'Smoke everywhere',
        requester: { userId: erin.userId },
        fields: { category: 'hardware' },
        ...extra,
      },
      erin,
    );

  it('creates a ticket: initial state, round-robin assignee and timeline in the read model', async () => {
    const { ticket, id } = await createIt();
    assert.match(ticket.number, /^IT-\d{6}$/);
    assert.equal(ticket.state, 'new');
    assert.deepEqual(ticket.process, { key: 'it-support', version: 1 });

    const row = await ticketRowWhen(sys, ticket.number, (r) => r.assignee_id !== null, 20_000, 'assignment');
    assert.equal(row.id, id);
    assert.equal(row.state, 'new');
    assert.equal(row.group_key, 'service-desk');
    assert.ok(serviceDesk.includes(row.assignee_id!), 'assigned to a member of service-desk');

    // The new-ticket notice and the assignment rule's notice run side by side: either may finish first.
    const { events } = await eventually(async () => {
      const t = await sys.tickets.timeline(ticket.number);
      return t.events.filter((e) => e.type === 'notified').length === 2 ? t : undefined;
    });
    assert.deepEqual(
      events.map((e) => e.type),
      ['created', 'entered', 'sla_started', 'assigned', 'notified', 'notified'],
    );
    assert.deepEqual(
      events.map((e) => e.seq),
      [1, 2, 3, 4, 5, 6],
    );
    // This test system has no mail server: the message is skipped as not configured, and says so.
    assert.deepEqual(events.find((e) => e.data.template === 'ticket_received')?.data, {
      template: 'ticket_received',
      channels: ['email'],
      to: ['requester'],
      event: 'created',
      recipients: 1,
      sent: { email: 0, in_app: 0 },
      failed: [],
      skipped: [{ channel: 'email', reason: 'not_configured' }],
    });
    const description = await sys.db
      .selectFrom('ticket_texts')
      .select('body')
      .where('ticket_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(description.body, 'Smoke everywhere');
  });

  it('moves a ticket and returns only once the read model has the change', async () => {
    const { ticket } = await createIt('Laptop slow');
    const moved = await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    assert.equal(moved.state, 'in_progress');
    const row = await sys.tickets.get(ticket.number);
    assert.equal(row.state, 'in_progress');
    assert.equal(row.version, moved.version);

    const resolved = await sys.tickets.move(ticket.number, sam, {
      transition: 'resolve',
      fields: { resolution: 'Replaced the fan.' },
    });
    assert.equal(resolved.state, 'resolved');
    const resolution = resolved.fields.resolution as { text: string };
    const text = await sys.db
      .selectFrom('ticket_texts')
      .select('body')
      .where('id', '=', resolution.text)
      .executeTakeFirstOrThrow();
    assert.equal(text.body, 'Replaced the fan.', 'long text is stored in Postgres; the workflow holds its id');
    const closed = await sys.tickets.move(ticket.number, erin, { transition: 'close' });
    assert.equal(closed.category, 'done');
    await assert.rejects(sys.tickets.move(ticket.number, sam, { transition: 'reopen' }), refusedWith('TICKET_CLOSED'));
  });

  it('says NOT_FOUND for a change to a ticket that does not exist, and records no refusal', async () => {
    const notFound = (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND';
    await assert.rejects(sys.tickets.move('IT-999999', sam, { transition: 'start' }), notFound);
    await assert.rejects(sys.tickets.reassign('IT-999999', sam, { userId: sam.userId }), notFound);
    await assert.rejects(sys.tickets.setPriority('IT-999999', sam, { priority: 'high' }), notFound);
    const refusals = await sys.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject', '=', 'ticket:IT-999999')
      .execute();
    assert.deepEqual(refusals, []);
  });

  describe('refused moves: a typed reason, an audit record, and no trace in the workflow history', () => {
    let number: string;
    let version: number;
    before(async () => {
      const { ticket } = await createIt('Cannot log in');
      number = ticket.number;
      await sys.tickets.move(number, sam, { transition: 'start' });
      version = (await sys.tickets.settle(number)).version;
    });

    const cases: [string, () => Promise<unknown>, string, RegExp][] = [
      [
        'no such transition',
        () => sys.tickets.move(number, sam, { transition: 'teleport' }),
        'UNKNOWN_TRANSITION',
        /^This ticket follows version 1 of IT support request, which has no transition "teleport"$/,
      ],
      [
        'not from the current state',
        () => sys.tickets.move(number, sam, { transition: 'start' }),
        'NOT_FROM_STATE',
        /^Start work cannot be done while this ticket is In progress$/,
      ],
      [
        'not allowed for the caller',
        () => sys.tickets.move(number, erin, { transition: 'resolve', fields: { resolution: 'x' } }),
        'NOT_ALLOWED',
        /^Resolve is for agents and coordinators: you are an employee$/,
      ],
      [
        'the requester only',
        () => sys.tickets.move(number, sam, { transition: 'withdraw' }),
        'NOT_ALLOWED',
        /^Withdraw is for the ticket's requester: you are an agent$/,
      ],
      [
        'required field missing',
        () => sys.tickets.move(number, sam, { transition: 'resolve' }),
        'REQUIRED_FIELD_MISSING',
        /^Resolve needs Resolution$/,
      ],
      [
        'stale expected version',
        () =>
          sys.tickets.move(number, sam, {
            transition: 'ask_requester',
            fields: { question: 'Which PC?' },
            expectedVersion: version - 1,
          }),
        'STALE_VERSION',
        /changed since version/,
      ],
      [
        'invalid field',
        () => sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: 'x', colour: 'red' } }),
        'INVALID_FIELD',
        /^This form has no field "colour"$/,
      ],
    ];
    for (const [name, attempt, reason, message] of cases) {
      it(name, async () => {
        const before = await updateEvents(number);
        await assert.rejects(attempt(), refusedWith(reason, message));
        assert.equal(await updateEvents(number), before, 'a refused update writes no history event');
        const row = await sys.tickets.get(number);
        assert.equal(row.state, 'in_progress');
        assert.equal(row.version, version);
        const { refused } = await sys.tickets.timeline(number);
        assert.equal(refused.at(-1)?.action, 'move.refused');
        assert.equal((refused.at(-1)?.details as { reason: string }).reason, reason);
      });
    }

    it('system only (a timer transition taken by hand, even by an admin)', async () => {
      const { ticket } = await createIt('Timer only');
      await sys.tickets.move(ticket.number, sam, { transition: 'start' });
      await sys.tickets.move(ticket.number, sam, { transition: 'resolve', fields: { resolution: 'done' } });
      await assert.rejects(
        sys.tickets.move(ticket.number, admin, { transition: 'auto_close' }),
        refusedWith('SYSTEM_ONLY'),
      );
    });

    it('a refused long text leaves nothing behind', async () => {
      const texts = await sys.db
        .selectFrom('ticket_texts')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await assert.rejects(
        sys.tickets.move(number, erin, { transition: 'resolve', fields: { resolution: 'sneaky' } }),
        refusedWith('NOT_ALLOWED'),
      );
      const after = await sys.db
        .selectFrom('ticket_texts')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(texts.n));
    });
  });

  it('lets admins take any transition people may take, and the requester only their own', async () => {
    const { ticket } = await createIt('Admin moves');
    assert.equal((await sys.tickets.move(ticket.number, admin, { transition: 'start' })).state, 'in_progress');
    await assert.rejects(sys.tickets.move(ticket.number, sam, { transition: 'withdraw' }), refusedWith('NOT_ALLOWED'));
    assert.equal((await sys.tickets.move(ticket.number, erin, { transition: 'withdraw' })).state, 'withdrawn');
  });

  it('checks the groups of a person given without them: staff of another group act as requesters only', async () => {
    // An agent of engineering, not of the service desk, as a caller that names no groups: the requester
    // of this ticket, so they see it.
    const { userId, role } = await sys.person('erik.engineer@example.com');
    const erik = { userId, role };
    const { ticket } = await createIt('Group check at the service', { requester: { userId } });
    await assert.rejects(
      sys.tickets.reassign(ticket.number, erik, { userId: erik.userId }),
      refusedWith('NOT_ALLOWED'),
    );
    await assert.rejects(sys.tickets.move(ticket.number, erik, { transition: 'start' }), refusedWith('NOT_ALLOWED'));
    assert.equal((await sys.tickets.move(ticket.number, sam, { transition: 'start' })).state, 'in_progress');
  });

  it('checks the caller inside the service: a ticket the person may not see does not exist for them', async () => {
    const { ticket } = await createIt('Not for Eli');
    const notFound = (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND';
    const { refused: before } = await sys.tickets.timeline(ticket.number);
    await assert.rejects(sys.tickets.move(ticket.number, eli, { transition: 'withdraw' }), notFound);
    await assert.rejects(sys.tickets.comment(ticket.number, eli, { body: 'Hello?' }), notFound);
    await assert.rejects(sys.tickets.setPriority(ticket.number, eli, { priority: 'urgent' }), notFound);
    await assert.rejects(sys.tickets.reassign(ticket.number, eli, { userId: eli.userId }), notFound);
    await assert.rejects(sys.tickets.setFields(ticket.number, eli, { fields: { category: 'software' } }), notFound);
    await assert.rejects(sys.tickets.read({ kind: 'person', person: eli }, ticket.number), notFound);
    const { refused, events } = await sys.tickets.timeline(ticket.number);
    assert.equal(refused.length, before.length, 'nothing is recorded of a ticket the caller cannot see');
    assert.ok(!events.some((e) => e.type === 'commented'));
    assert.equal((await sys.tickets.read({ kind: 'person', person: erin }, ticket.number)).number, ticket.number);
  });

  it('lets exactly one of two concurrent moves win, with one event', async () => {
    const { ticket } = await createIt('Race');
    const results = await Promise.allSettled([
      sys.tickets.move(ticket.number, sam, { transition: 'start' }),
      sys.tickets.move(ticket.number, cora, { transition: 'start' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    refusedWith('NOT_FROM_STATE')(loser.reason);
    const { events } = await sys.tickets.timeline(ticket.number);
    assert.equal(events.filter((e) => e.type === 'moved').length, 1);
  });

  it('refuses the second of two moves made from the same version', async () => {
    const { ticket } = await createIt('Same version');
    const started = await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    const results = await Promise.allSettled([
      sys.tickets.move(ticket.number, sam, {
        transition: 'ask_requester',
        fields: { question: 'Which one?' },
        expectedVersion: started.version,
      }),
      sys.tickets.move(ticket.number, cora, {
        transition: 'resolve',
        fields: { resolution: 'Fixed' },
        expectedVersion: started.version,
      }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    refusedWith('STALE_VERSION')((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason);
  });

  it('makes one ticket of a retried create with the same idempotency key', async () => {
    const [a, b] = await Promise.all([
      createIt('Retried', { idempotencyKey: 'mail-4711' }),
      createIt('Retried', { idempotencyKey: 'mail-4711' }),
    ]);
    assert.equal(a.ticket.number, b.ticket.number);
    const c = await createIt('Retried', { idempotencyKey: 'mail-4711' });
    assert.equal(c.ticket.number, a.ticket.number);
    const rows = await sys.db
      .selectFrom('tickets')
      .select('number')
      .where('idempotency_key', '=', scopedKey(personCaller(erin), 'mail-4711'))
      .execute();
    assert.equal(rows.length, 1);
  });

  it('refuses an invalid create with a clear error and creates nothing', async () => {
    const count = async () =>
      Number(
        (
          await sys.db
            .selectFrom('tickets')
            .select(({ fn }) => fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const counter = () =>
      sys.db.selectFrom('ticket_counters').selectAll().where('prefix', '=', 'IT').executeTakeFirstOrThrow();
    const numberBefore = await counter();
    await assert.rejects(
      sys.tickets.create({ process: 'it-support', title: '', requester: { userId: erin.userId } }, erin),
      /^AppError: Title is required; Category is required$/,
    );
    await assert.rejects(
      sys.tickets.create({ process: 'it-support', title: 'x', requester: { userId: erin.userId } }, erin),
      /^AppError: Category is required$/,
    );
    await assert.rejects(
      sys.tickets.create(
        { process: 'it-support', title: 'x', requester: { userId: erin.userId }, fields: { category: 'toaster' } },
        erin,
      ),
      /Category: choose one of hardware/,
    );
    await assert.rejects(
      sys.tickets.create({ process: 'no-such', title: 'x', requester: { userId: erin.userId } }, erin),
      /Published process "no-such" does not exist/,
    );
    assert.equal(await count(), before);
    assert.deepEqual(await counter(), numberBefore, 'no ticket number was used up');
  });

  it('delivers declared signals once per idempotency key and refuses the rest', async () => {
    const { ticket } = await createIt('Waiting');
    await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    await assert.rejects(
      sys.tickets.deliverSignal(ticket.number, {
        name: 'requester.replied',
        payload: {},
        idempotencyKey: 'm1',
        source: 'mail',
      }),
      refusedWith('SIGNAL_NOT_APPLICABLE'),
    );
    await sys.tickets.move(ticket.number, sam, { transition: 'ask_requester', fields: { question: 'Which floor?' } });
    await assert.rejects(
      sys.tickets.deliverSignal(ticket.number, {
        name: 'jira.issue_resolved',
        payload: {},
        idempotencyKey: 'm2',
        source: 'jira',
      }),
      refusedWith('UNKNOWN_SIGNAL'),
    );
    await assert.rejects(
      sys.tickets.deliverSignal(ticket.number, {
        name: 'requester.replied',
        payload: { message: 3, extra: true },
        idempotencyKey: 'm3',
        source: 'mail',
      }),
      refusedWith(
        'INVALID_PAYLOAD',
        /"message" is not text; "extra" is not declared|"extra" is not declared; "message" is not text/,
      ),
    );
    const first = await sys.tickets.deliverSignal(ticket.number, {
      name: 'requester.replied',
      payload: { message: 'Third floor' },
      idempotencyKey: 'm4',
      source: 'mail',
    });
    assert.deepEqual([first.duplicate, first.ticket.state], [false, 'in_progress']);
    const again = await sys.tickets.deliverSignal(ticket.number, {
      name: 'requester.replied',
      payload: { message: 'Third floor' },
      idempotencyKey: 'm4',
      source: 'mail',
    });
    assert.deepEqual([again.duplicate, again.ticket.state], [true, 'in_progress']);
    const { events } = await sys.tickets.timeline(ticket.number);
    assert.equal(events.filter((e) => e.type === 'signal_received').length, 1);
  });

  it('keeps signal texts in Postgres and gives the workflow their ids; no delivery leaves a copy unused', async () => {
    const { ticket, id } = await createIt('Signal texts');
    const signalTexts = async () =>
      (
        await sys.db
          .selectFrom('ticket_texts')
          .select(['id', 'body'])
          .where('ticket_id', '=', id)
          .where('purpose', 'like', 'signal:%')
          .orderBy('created_at')
          .execute()
      ).map((t) => t.body);
    const reply = (message: unknown, idempotencyKey: string) =>
      sys.tickets.deliverSignal(ticket.number, {
        name: 'requester.replied',
        payload: { message },
        idempotencyKey,
        source: 'mail',
      });
    await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    // Refused by the workflow (not in this state) and by the service (not text, too long): nothing stored.
    await assert.rejects(reply('Too early', 't1'), refusedWith('SIGNAL_NOT_APPLICABLE'));
    await sys.tickets.move(ticket.number, sam, { transition: 'ask_requester', fields: { question: 'Which floor?' } });
    await assert.rejects(reply({ text: 'someone-elses-text' }, 't2'), refusedWith('INVALID_PAYLOAD', /is not text/));
    await assert.rejects(reply('z'.repeat(50_001), 't3'), refusedWith('INVALID_PAYLOAD', /longer than 50000/));
    assert.deepEqual(await signalTexts(), []);

    // A delivery whose answer never came stored its text; the redelivery that takes effect removes it.
    await store.storeSignalTexts(sys.db, id, scopedKey('system:mail', 't4'), [
      ['message', 'Third floor, by the window'],
    ]);
    const body = 'Third floor, by the window. '.repeat(100);
    const first = await reply(body, 't4');
    assert.equal(first.duplicate, false);
    const again = await reply(body, 't4');
    assert.equal(again.duplicate, true);
    assert.deepEqual(await signalTexts(), [body], 'one copy: the one the ticket refers to');

    const { events } = await sys.tickets.timeline(ticket.number);
    const received = events.find((e) => e.type === 'signal_received')!;
    const stored = (received.data.payload as { message: { text: string } }).message;
    assert.equal(typeof stored.text, 'string');
    assert.equal(JSON.stringify(events).includes('Third floor'), false, 'the text never enters the workflow');
    const row = await sys.db.selectFrom('ticket_texts').select('body').where('id', '=', stored.text).executeTakeFirst();
    assert.equal(row?.body, body);
  });

  it('reassigns, sets fields and priority, and records comments by id', async () => {
    const { ticket } = await createIt('Misc');
    // The round-robin assignment first: it would otherwise overwrite the coordinator's choice.
    await sys.tickets.settle(ticket.number);
    const sara = await sys.person('sara.agent@example.com');
    assert.equal((await sys.tickets.reassign(ticket.number, cora, { userId: sara.userId })).assignee, sara.userId);
    assert.equal((await sys.tickets.setPriority(ticket.number, cora, { priority: 'urgent' })).priority, 'urgent');
    assert.equal(
      (await sys.tickets.setFields(ticket.number, sam, { fields: { category: 'network' } })).fields.category,
      'network',
    );
    await assert.rejects(sys.tickets.setPriority(ticket.number, erin, { priority: 'low' }), refusedWith('NOT_ALLOWED'));
    await assert.rejects(
      sys.tickets.comment(ticket.number, erin, { body: 'psst', visibility: 'internal' }),
      refusedWith('NOT_ALLOWED'),
    );
    await sys.tickets.comment(ticket.number, erin, { body: 'Any news?', visibility: 'public' });
    const comments = await sys.db
      .selectFrom('comments')
      .select(['body', 'visibility'])
      .where('ticket_id', '=', (await sys.tickets.get(ticket.number)).id)
      .execute();
    assert.deepEqual(
      comments,
      [{ body: 'Any news?', visibility: 'public' }],
      'the refused internal comment was removed',
    );
    const { events } = await sys.tickets.timeline(ticket.number);
    const commented = events.find((e) => e.type === 'commented')!;
    assert.equal(typeof commented.data.commentId, 'string');
    assert.equal(
      JSON.stringify(commented.data).includes('Any news?'),
      false,
      'comment bodies never enter the workflow',
    );
  });

  it('stores attachments on disk and gives the workflow only their ids', async () => {
    const { ticket } = await createIt('With a screenshot');
    const bytes = Buffer.from('PNG… pretend this is a screenshot');
    const { attachment } = await sys.tickets.attach(ticket.number, erin, {
      filename: 'screen.png',
      contentType: 'image/png',
      bytes,
    });
    assert.equal(attachment.size, bytes.length);
    assert.deepEqual(readFileSync(attachmentPath(sys.dataDir, attachment.sha256)), bytes);
    const { events } = await sys.tickets.timeline(ticket.number);
    assert.deepEqual(events.find((e) => e.type === 'attached')?.data, { attachmentId: attachment.id });

    // Someone who may not see the ticket: it does not exist for them.
    await assert.rejects(
      sys.tickets.attach(ticket.number, eli, {
        filename: 'x.txt',
        contentType: 'text/plain',
        bytes: Buffer.from('other'),
      }),
      (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND',
    );
    await assert.rejects(
      sys.tickets.attach(ticket.number, erin, {
        filename: '../etc/passwd',
        contentType: 'text/plain',
        bytes: Buffer.from('x'),
      }),
      /filename: must be a plain file name/,
    );
    await assert.rejects(
      sys.tickets.attach(ticket.number, erin, {
        filename: 'empty.txt',
        contentType: 'text/plain',
        bytes: Buffer.alloc(0),
      }),
      /bytes: the file is empty/,
    );
    const rows = await sys.db
      .selectFrom('attachments')
      .select('filename')
      .where('ticket_id', '=', (await sys.tickets.get(ticket.number)).id)
      .execute();
    assert.deepEqual(rows, [{ filename: 'screen.png' }], 'refused attachments leave no row');
    assert.equal(
      existsSync(attachmentPath(sys.dataDir, createHash('sha256').update('other').digest('hex'))),
      false,
      '…and no file',
    );
  });

  it('leaves a ticket unassigned, with the reason on the timeline, when its group has no active member', async () => {
    await setUserStatus(sys.db, 'tia.support@example.com', 'away');
    await setUserStatus(sys.db, 'tom.support@example.com', 'inactive');
    const { ticket } = await sys.tickets.create(
      {
        process: 'customer-case',
        title: 'Nobody home',
        requester: { name: 'Carla Customer', email: 'carla@customer.example' },
        fields: { account: 'ACME' },
      },
      cora,
    );
    const settled = await sys.tickets.settle(ticket.number);
    assert.equal(settled.assignee, null);
    const { events } = await sys.tickets.timeline(ticket.number);
    assert.deepEqual(events.find((e) => e.type === 'assignment_skipped')?.data, {
      group: 'support-tier1',
      reason: 'no_active_member',
    });
    const requester = await sys.db
      .selectFrom('requesters')
      .select(['name', 'user_id'])
      .where('email', '=', 'carla@customer.example')
      .executeTakeFirstOrThrow();
    assert.deepEqual(requester, { name: 'Carla Customer', user_id: null }, 'a requester without an account');
  });

  it('keeps a running ticket on its version while new tickets start on a newly published one', async () => {
    const v1Ticket = (await createIt('Started on v1')).ticket;
    await sys.tickets.move(v1Ticket.number, sam, { transition: 'start' });
    const v2 = structuredClone(loadSampleProcess('it-support')) as ProcessDefinition;
    v2.transitions = v2.transitions.filter((t) => t.key !== 'ask_requester'); // removed in v2
    v2.transitions.push({
      key: 'escalate',
      label: 'Escalate',
      from: ['in_progress'],
      to: 'waiting_on_requester',
      by: ['COORDINATOR'],
    }); // added in v2
    const published = await publishDefinition(sys.db, v2, 'admin@example.com');
    assert.equal(published.version, 2);

    await assert.rejects(
      sys.tickets.move(v1Ticket.number, cora, { transition: 'escalate' }),
      refusedWith('UNKNOWN_TRANSITION', /follows version 1 of IT support request, which has no transition "escalate"/),
    );
    assert.equal(
      (
        await sys.tickets.move(v1Ticket.number, sam, {
          transition: 'ask_requester',
          fields: { question: 'Still there?' },
        })
      ).state,
      'waiting_on_requester',
    );

    const v2Ticket = (await createIt('Started on v2')).ticket;
    assert.deepEqual(v2Ticket.process, { key: 'it-support', version: 2 });
    await sys.tickets.move(v2Ticket.number, sam, { transition: 'start' });
    await assert.rejects(
      sys.tickets.move(v2Ticket.number, sam, { transition: 'ask_requester', fields: { question: 'x' } }),
      refusedWith('UNKNOWN_TRANSITION', /follows version 2 of .*, which has no transition "ask_requester"/),
    );
    assert.equal(
      (await sys.tickets.move(v2Ticket.number, cora, { transition: 'escalate' })).state,
      'waiting_on_requester',
    );
  });

  type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
  /** The update events in the ticket's history, over every run (a run may continue as new meanwhile,
   * adding events of its own, but none of an update). */
  async function updateEvents(number: string): Promise<number> {
    let runId: string | undefined = (await sys.temporal.workflow.getHandle(number).describe()).runId;
    let count = 0;
    while (runId) {
      const history: { events?: HistoryEvent[] | null } = await sys.temporal.workflow
        .getHandle(number, runId)
        .fetchHistory();
      const events = history.events ?? [];
      count += events.filter(
        (e) =>
          e.workflowExecutionUpdateAdmittedEventAttributes ??
          e.workflowExecutionUpdateAcceptedEventAttributes ??
          e.workflowExecutionUpdateRejectedEventAttributes ??
          e.workflowExecutionUpdateCompletedEventAttributes,
      ).length;
      runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    return count;
  }
});
