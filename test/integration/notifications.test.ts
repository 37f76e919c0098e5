// Notifications end to end: notify actions of the sample processes send real mail over SMTP to a real
// mail server (the mail catcher, as `npm start` runs it) and fill the notification centre; every
// message once per recipient and channel, a refused one recorded without retrying, a temporary
// failure retried and delivered once, and a ticket that moves on while its mail waits.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../../platform/mail/catcher.js';
import type { Person } from '../../workflows/ticket/model.js';
import { notificationRows } from '../support/notification-rows.js';
import { eventually, startTestSystem, TEST_PUBLIC_URL, type TestSystem } from '../support/system.js';

describe('notifications', () => {
  let mail: MailCatcher;
  let sys: TestSystem;
  let erin: Person; // employee, the requester
  let sam: Person; // service-desk agent
  /** Every DATA transaction the server saw, accepted or not. */
  let attempts: CaughtMail[] = [];

  before(async () => {
    mail = await startMailCatcher();
    sys = await startTestSystem({ smtpUrl: mail.url });
    erin = await sys.person('erin.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
  });
  after(async () => {
    await sys.stop();
    await mail.stop();
  });
  beforeEach(() => {
    attempts = [];
    mail.intercept = (m) => void attempts.push(m);
  });

  const create = async (title: string) =>
    (
      await sys.tickets.create(
        { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'hardware' } },
        erin,
      )
    ).ticket.number;
  const notified = (number: string, template: string) =>
    eventually(
      async () =>
        (await sys.tickets.timeline(number)).events.find((e) => e.type === 'notified' && e.data.template === template),
      30_000,
      `${template} on ${number}'s timeline`,
    );
  const mailsAbout = (number: string) => mail.messages.filter((m) => m.subject.startsWith(`[${number}]`));
  const rows = (number: string, template: string) => notificationRows(sys, number, template);

  it('mails the requester once on a new ticket: text and HTML parts, a link to the ticket, a stable Message-ID', async () => {
    const number = await create('Printer on fire');
    const event = await notified(number, 'ticket_received');
    assert.deepEqual(event.data.sent, { email: 1, in_app: 0 });
    assert.deepEqual(event.data.failed, []);
    assert.equal(event.data.event, 'created');

    const [message, ...more] = mailsAbout(number);
    assert.equal(more.length, 0, 'one mail');
    assert.deepEqual(message!.to, ['erin.employee@example.com']);
    assert.equal(message!.subject, `[${number}] We received your request: Printer on fire`);
    const link = `${TEST_PUBLIC_URL}/tickets/${number}`;
    assert.ok(message!.text.includes(link), message!.text);
    assert.ok(message!.html.includes(`href="${link}"`), message!.html);
    assert.equal(message!.parsed.headers.get('x-ticketflow-ticket'), number);
    const [row] = await rows(number, 'ticket_received');
    assert.equal(row!.status, 'sent');
    assert.equal(message!.messageId, row!.message_id);
  });

  it("puts a push notification in the assignee's notification centre, and sends no mail for it", async () => {
    const number = await create('Monitor flickers');
    await notified(number, 'ticket_received');
    await sys.tickets.move(number, sam, { transition: 'start' });
    const event = await notified(number, 'ticket_in_progress');
    assert.deepEqual(event.data.sent, { email: 0, in_app: 1 });
    const assignee = (await sys.tickets.get(number)).assignee_id;
    const inApp = (await rows(number, 'ticket_in_progress')).filter((r) => r.channel === 'in_app');
    assert.deepEqual(
      inApp.map((r) => [r.recipient_id, r.status, r.template]),
      [[assignee, 'sent', 'ticket_in_progress']],
    );
    assert.equal(mailsAbout(number).length, 1, 'only the mail of the new ticket');
  });

  it('includes the field the process names, on both channels it names', async () => {
    const number = await create('Laptop will not boot');
    await sys.tickets.move(number, sam, { transition: 'start' });
    await sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: 'Which model is it?' } });
    const event = await notified(number, 'question_for_requester');
    assert.deepEqual(event.data.sent, { email: 1, in_app: 1 });
    const question = mailsAbout(number).find((m) => m.subject.includes('A question about your request'));
    assert.ok(question?.text.includes('Question to the requester:\nWhich model is it?'), question?.text);
    const centre = (await rows(number, 'question_for_requester')).find(
      (r) => r.channel === 'in_app' && r.recipient_id === erin.userId,
    );
    assert.ok(centre?.body.includes('Which model is it?'));
  });

  it('records a mail the server refuses for good on the timeline, without retrying it', async () => {
    mail.intercept = (m) => {
      attempts.push(m);
      return { code: 550, message: 'Mailbox unavailable' };
    };
    const number = await create('Keyboard missing keys');
    const event = await notified(number, 'ticket_received');
    assert.deepEqual(event.data.sent, { email: 0, in_app: 0 });
    assert.deepEqual(event.data.failed, [{ channel: 'email', reason: 'refused' }]);
    const [row] = await rows(number, 'ticket_received');
    assert.equal(row!.status, 'failed');
    assert.match(row!.error ?? '', /550|Mailbox unavailable/);
    assert.equal(attempts.filter((m) => m.subject.startsWith(`[${number}]`)).length, 1, 'one attempt only');
  });

  it('retries a temporary failure and delivers once; the ticket moves on meanwhile', async () => {
    let refuse = true;
    mail.intercept = (m) => {
      attempts.push(m);
      if (refuse) return { code: 451, message: 'Try again later' };
    };
    const number = await create('Mouse double-clicks');
    await eventually(async () => (attempts.length > 0 ? true : undefined), 20_000, 'a first attempt');
    // The mail is still waiting for its retry: the ticket is not.
    const moved = await sys.tickets.move(number, sam, { transition: 'start' });
    assert.equal(moved.state, 'in_progress');
    assert.equal(mailsAbout(number).length, 0);
    refuse = false;
    const event = await notified(number, 'ticket_received');
    assert.deepEqual(event.data.sent, { email: 1, in_app: 0 });
    assert.equal(mailsAbout(number).length, 1, 'delivered once');
    assert.ok(attempts.filter((m) => m.subject.startsWith(`[${number}]`)).length >= 2, 'retried');
  });

  it("honours a person's preferences: nothing on a channel they turned off for that event", async () => {
    await sys.db
      .insertInto('notification_preferences')
      .values({ user_id: erin.userId, event: 'created', channel: 'email', enabled: false })
      .execute();
    try {
      const number = await create('Headset crackles');
      const event = await notified(number, 'ticket_received');
      assert.deepEqual(event.data.skipped, [{ channel: 'email', reason: 'turned_off' }]);
      assert.equal(mailsAbout(number).length, 0);
    } finally {
      await sys.db.deleteFrom('notification_preferences').where('user_id', '=', erin.userId).execute();
    }
  });
});
