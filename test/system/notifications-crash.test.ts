// Notification mail when a worker process is SIGKILLed, with a real worker process and the real mail
// catcher. SMTP cannot be exactly once: a worker killed after the mail server accepted a message and
// before its row says sent resends it once, with the same Message-ID. Killed anywhere else, nothing
// is sent twice. Each case makes sure the kill really lands in its window: row locks hold the killed
// worker's statements, so the order of events is forced, not hoped for.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { sql, type Transaction } from 'kysely';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../../platform/mail/catcher.js';
import type { Database } from '../../platform/store/schema.js';
import type { Person } from '../../workflows/ticket/model.js';
import {
  eventually,
  spawnWorkerProcess,
  startTestSystem,
  stopProcess,
  untilAnswered,
  type TestSystem,
} from '../support/system.js';

/** A worker killed mid-send is retried after the heartbeat timeout; a new process bundles workflows first. */
const RECOVERY_MS = 120_000;

describe('notification mail when a worker process is killed', () => {
  let mail: MailCatcher;
  let sys: TestSystem;
  let erin: Person;
  let worker: ChildProcess;
  /** Every DATA transaction the mail server saw, accepted or not. */
  const transactions: CaughtMail[] = [];

  before(async () => {
    mail = await startMailCatcher();
    sys = await startTestSystem({ worker: false, smtpUrl: mail.url });
    erin = await sys.person('erin.employee@example.com');
    worker = spawnWorkerProcess(sys);
  });
  after(async () => {
    await stopProcess(worker, 'SIGTERM');
    await sys.stop();
    await mail.stop();
  });

  /** Kills the worker process outright and waits until it is gone. */
  const killWorker = () => stopProcess(worker, 'SIGKILL');
  const replaceWorker = () => (worker = spawnWorkerProcess(sys));

  /** Arms the catcher: `onFirst` runs inside the first DATA transaction of mail about `title`. */
  const interceptFirst = (title: string, onFirst: (mail: CaughtMail) => Promise<void>) => {
    let first = true;
    mail.intercept = async (m) => {
      transactions.push(m);
      if (!m.subject.endsWith(title) || !first) return;
      first = false;
      await onFirst(m);
    };
  };
  const transactionsAbout = (title: string) => transactions.filter((m) => m.subject.endsWith(title));

  const create = async (title: string) => {
    // The worker process may still be starting: a create waits at most 10 s, then is sent again.
    const { ticket } = await untilAnswered((idempotencyKey) =>
      sys.tickets.create(
        {
          process: 'it-support',
          title,
          requester: { userId: erin.userId },
          fields: { category: 'hardware' },
          idempotencyKey,
        },
        erin,
      ),
    );
    return ticket.number;
  };
  /** The new ticket's mail to its requester (the process's rules notify others of other things). */
  const notifiedEvents = async (number: string) =>
    (await sys.tickets.timeline(number)).events.filter(
      (e) => e.type === 'notified' && e.data.template === 'ticket_received',
    );
  const notified = (number: string) =>
    eventually(async () => (await notifiedEvents(number))[0], RECOVERY_MS, `'notified' on ${number}'s timeline`);
  const emailRows = (number: string) =>
    sys.db
      .selectFrom('notifications')
      .selectAll()
      .where('ticket_number', '=', number)
      .where('channel', '=', 'email')
      .execute();

  /** Holds a lock in a transaction of the test's own until `release` commits it. */
  const holdLock = (take: (trx: Transaction<Database>) => Promise<unknown>) =>
    new Promise<{ release(): Promise<void> }>((locked, failed) => {
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      const committed = sys.db
        .transaction()
        .execute(async (trx) => {
          await take(trx);
          locked({ release: () => (release(), committed) });
          await released;
        })
        .catch(failed);
    });
  /** Waits until a statement of another session (the worker's) waits for a lock of ours. */
  const statementWaiting = (statement: string) =>
    eventually(
      async () => {
        const { rows } = await sql<{ pid: number }>`
          select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query ilike ${`%${statement}%`}`.execute(
          sys.db,
        );
        return rows[0];
      },
      60_000,
      `the worker's ${statement} to wait for the test's lock`,
    );

  it(
    'resends at most once: killed after the server accepted the message and before the row says sent',
    { timeout: 240_000 },
    async () => {
      const title = 'Killed inside the window';
      let statusAtKill: string | undefined;
      interceptFirst(title, async (m) => {
        // The message is complete and about to be accepted; its sender dies before hearing so.
        await killWorker();
        const row = await sys.db
          .selectFrom('notifications')
          .select('status')
          .where('message_id', '=', m.messageId)
          .executeTakeFirst();
        statusAtKill = row?.status;
      });
      const number = await create(title);
      await eventually(async () => statusAtKill, RECOVERY_MS, 'the kill inside the first DATA transaction');
      assert.equal(statusAtKill, 'pending', 'killed before the row was marked sent');
      assert.equal(transactionsAbout(title).length, 1);

      replaceWorker();
      const event = await notified(number);
      assert.deepEqual(event.data.sent, { email: 1, in_app: 0 }, 'counted sent once');
      const [row, ...moreRows] = await emailRows(number);
      assert.equal(moreRows.length, 0);
      assert.equal(row!.status, 'sent');
      const sent = transactionsAbout(title);
      assert.deepEqual(
        sent.map((m) => m.messageId),
        [row!.message_id, row!.message_id],
        'sent again exactly once, with the same Message-ID',
      );
      assert.equal(mail.messages.filter((m) => m.subject.endsWith(title)).length, 2, 'both accepted');
      assert.equal((await notifiedEvents(number)).length, 1);
    },
  );

  it(
    'never resends when killed after the row says sent, before the workflow heard of it',
    { timeout: 240_000 },
    async () => {
      const title = 'Killed after marking sent';
      let lock: { release(): Promise<void> } | undefined;
      // Before the message is accepted, the test locks its row: the worker's UPDATE to 'sent' waits.
      interceptFirst(title, async (m) => {
        lock = await holdLock((trx) =>
          trx.selectFrom('notifications').select('id').where('message_id', '=', m.messageId).forUpdate().execute(),
        );
      });
      const number = await create(title);
      await statementWaiting('update "notifications"');
      await killWorker();
      // The dead worker's UPDATE is already at Postgres: released, it commits (nobody is there to hear
      // so). That is a worker killed right after marking the row sent, before reporting to Temporal.
      await lock!.release();
      const marked = await eventually(
        async () => ((await emailRows(number))[0]?.status === 'sent' ? true : undefined),
        30_000,
        'the killed worker’s UPDATE to commit',
      );
      assert.ok(marked);
      assert.deepEqual(await notifiedEvents(number), [], 'the workflow has not recorded it');

      replaceWorker();
      const event = await notified(number);
      assert.deepEqual(event.data.sent, { email: 1, in_app: 0 });
      assert.equal(transactionsAbout(title).length, 1, 'the retry found it sent and sent nothing');
    },
  );

  it(
    'never resends when killed before sending: the retry sends the recorded message once',
    { timeout: 240_000 },
    async () => {
      const title = 'Killed before sending';
      let reachedServer = false;
      interceptFirst(title, async () => {
        reachedServer = true;
      });
      // The notifications table is locked before the ticket exists: the worker's INSERT of the row waits.
      const lock = await holdLock((trx) => sql`lock table notifications in access exclusive mode`.execute(trx));
      const number = await create(title);
      await statementWaiting('insert into "notifications"');
      await killWorker();
      // The dead worker's INSERT commits once released: the message is recorded, and nobody sends it.
      await lock.release();
      const [recorded] = await eventually(
        async () => ((await emailRows(number)).length > 0 ? emailRows(number) : undefined),
        30_000,
        'the killed worker’s INSERT to commit',
      );
      assert.equal(recorded!.status, 'pending');
      assert.equal(reachedServer, false, 'killed before any DATA');

      replaceWorker();
      const event = await notified(number);
      assert.deepEqual(event.data.sent, { email: 1, in_app: 0 });
      const sent = transactionsAbout(title);
      assert.deepEqual(
        sent.map((m) => m.messageId),
        [recorded!.message_id],
        'sent once, as recorded before the kill',
      );
      const [row, ...moreRows] = await emailRows(number);
      assert.equal(moreRows.length, 0, 'the retry recorded nothing new');
      assert.equal(row!.status, 'sent');
    },
  );
});
