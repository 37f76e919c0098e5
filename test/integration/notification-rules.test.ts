// Notification rules end to end: the it-support sample's rules (`commented` → requester and assignee,
// `assigned` → assignee in the app) send real mail to a real mail server (its own mail catcher) and
// fill the notification centre — once, to nobody outside staff for an internal note, and never to
// the person whose act it was.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMailCatcher, type MailCatcher } from '../../platform/mail/catcher.js';
import type { Person } from '../../workflows/ticket/model.js';
import { notificationRows } from '../support/notification-rows.js';
import { eventually, startTestSystem, ticketRowWhen, type TestSystem } from '../support/system.js';

describe('notification rules', () => {
  let mail: MailCatcher;
  let sys: TestSystem;
  let erin: Person; // employee, the requester
  let sam: Person; // service-desk agent
  let cora: Person; // service-desk coordinator

  before(async () => {
    mail = await startMailCatcher();
    sys = await startTestSystem({ smtpUrl: mail.url });
    erin = await sys.person('erin.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
    cora = await sys.person('cora.coordinator@example.com');
  });
  after(async () => {
    await sys.stop();
    await mail.stop();
  });

  /** A new it-support ticket, assigned round-robin and settled: every notice of its creation is out. */
  const create = async (title: string) => {
    const { number } = (
      await sys.tickets.create(
        { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'hardware' } },
        erin,
      )
    ).ticket;
    await ticketRowWhen(sys, number, (r) => r.assignee_id !== null, 20_000, 'assignment');
    await sys.tickets.settle(number);
    return number;
  };
  /** Assigned to sam by the coordinator, and settled. */
  const createForSam = async (title: string) => {
    const number = await create(title);
    await sys.tickets.reassign(number, cora, { userId: sam.userId });
    await sys.tickets.settle(number);
    return number;
  };
  /** The `notified` events of one rule (its origin is the actor's cause), once the ticket settled. */
  const ruleRuns = async (number: string, origin: string) => {
    await sys.tickets.settle(number);
    return (await sys.tickets.timeline(number)).events.filter(
      (e) => e.type === 'notified' && e.actor.kind === 'system' && e.actor.cause === origin,
    );
  };
  const rows = (number: string, template: string) => notificationRows(sys, number, template);
  const mailsAbout = (number: string, subject: string) =>
    mail.messages.filter((m) => m.subject.startsWith(`[${number}] ${subject}`));

  it("mails the requester once of an agent's public comment, and not the agent who wrote it", async () => {
    const number = await createForSam('Printer jams');
    await sys.tickets.comment(number, sam, { body: 'I ordered a new drum.', visibility: 'public' });
    const [run, ...more] = await ruleRuns(number, 'rule:0:commented');
    assert.equal(more.length, 0, 'one run of the rule');
    assert.equal(run!.data.event, 'commented');
    assert.equal(run!.data.recipients, 1, 'the requester; the assignee wrote it');
    assert.deepEqual(run!.data.sent, { email: 1, in_app: 1 });
    const mails = await eventually(async () => {
      const found = mailsAbout(number, 'New reply from Sam Agent');
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      mails.map((m) => m.to),
      [['erin.employee@example.com']],
    );
    // The mail carries the comment itself, not only word that there is one.
    assert.match(mails[0]!.text, /Sam Agent replied:\n\n> I ordered a new drum\./);
    assert.ok(mails[0]!.html?.includes('<blockquote>I ordered a new drum.</blockquote>'), mails[0]!.html);
    const found = await rows(number, 'new_comment');
    assert.deepEqual(
      found.map((r) => [r.channel, r.recipient_id, r.status]),
      [
        ['email', erin.userId, 'sent'],
        ['in_app', erin.userId, 'sent'],
      ],
    );
    // The notification centre's one line: who did what on which ticket, with the comment's opening words.
    assert.equal(
      found.find((r) => r.channel === 'in_app')!.summary,
      `Sam Agent replied on ${number} Printer jams: “I ordered a new drum.”`,
    );
  });

  it('quotes only the opening words of a long comment in the one line', async () => {
    const number = await createForSam('Printer jams again');
    const body = 'Try turning it off and on again, then take out the paper tray and look for a torn sheet inside.';
    await sys.tickets.comment(number, sam, { body, visibility: 'public' });
    await ruleRuns(number, 'rule:0:commented');
    const inApp = (await rows(number, 'new_comment')).find((r) => r.channel === 'in_app')!;
    assert.equal(
      inApp.summary,
      `Sam Agent replied on ${number} Printer jams again: “Try turning it off and on again, then take out the paper…”`,
    );
    const mails = await eventually(async () => {
      const found = mailsAbout(number, 'New reply from Sam Agent');
      return found.length > 0 ? found : undefined;
    });
    assert.ok(mails[0]!.text.includes(`> ${body}`), 'the whole comment in the mail');
  });

  it("tells the assignee, not the requester, of the requester's own comment", async () => {
    const number = await createForSam('Screen flickers');
    await sys.tickets.comment(number, erin, { body: 'It flickers again.', visibility: 'public' });
    await ruleRuns(number, 'rule:0:commented');
    assert.deepEqual(
      (await rows(number, 'new_comment')).map((r) => [r.channel, r.recipient_id]),
      [
        ['email', sam.userId],
        ['in_app', sam.userId],
      ],
    );
    assert.deepEqual(
      mailsAbout(number, 'New reply from Erin Employee').map((m) => m.to),
      [['sam.agent@example.com']],
    );
  });

  it('tells nobody of an internal note', async () => {
    const number = await createForSam('VPN drops');
    await sys.tickets.comment(number, sam, { body: 'Probably the old client.', visibility: 'internal' });
    assert.deepEqual(await ruleRuns(number, 'rule:0:commented'), []);
    assert.deepEqual(await rows(number, 'new_comment'), []);
    assert.deepEqual(mailsAbout(number, 'New '), []);
  });

  it("puts an assignment in the assignee's notification centre, without mail", async () => {
    const number = await create('Mouse broken');
    const before = (await rows(number, 'ticket_assigned')).length;
    await sys.tickets.reassign(number, cora, { userId: sam.userId });
    const runs = await ruleRuns(number, 'rule:1:assigned');
    assert.deepEqual(runs.at(-1)!.data.sent, { email: 0, in_app: 1 });
    const latest = (await rows(number, 'ticket_assigned')).slice(before);
    assert.deepEqual(
      latest.map((r) => [r.channel, r.recipient_id, r.status]),
      [['in_app', sam.userId, 'sent']],
    );
    assert.ok(latest[0]!.body.includes('This ticket is now assigned to you.'), latest[0]!.body);
    assert.deepEqual(mailsAbout(number, 'Assigned to you'), []);
  });

  it('does not tell an agent who takes a ticket of their own act', async () => {
    const number = await create('Keyboard sticky');
    await sys.tickets.reassign(number, cora, { userId: null });
    await sys.tickets.settle(number);
    const before = (await rows(number, 'ticket_assigned')).length;
    await sys.tickets.reassign(number, sam, { userId: sam.userId });
    const runs = await ruleRuns(number, 'rule:1:assigned');
    assert.equal(runs.at(-1)!.data.recipients, 0);
    assert.equal((await rows(number, 'ticket_assigned')).length, before, 'no message for sam');
  });
});
