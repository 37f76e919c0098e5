// The mail catcher outlives its clients: a sender that goes away mid-conversation (a worker killed
// while sending, a connection reset) must not end the process the catcher runs in (`npm start`, or
// `npm run chaos`, which found it). Real SMTP over TCP, then real mail through nodemailer.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startMailCatcher, type MailCatcher } from '../../platform/mail/catcher.js';
import { createMailer } from '../../platform/mail/mailer.js';

describe('the mail catcher when a client resets its connection', () => {
  let mail: MailCatcher;
  before(async () => {
    mail = await startMailCatcher();
  });
  after(() => mail.stop());

  it('drops that session and goes on receiving mail', async () => {
    const { port } = new URL(mail.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('data', () => resolve())); // the 220 greeting
    socket.write('EHLO worker.test\r\nMAIL FROM:<ticketflow@example.com>\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.resetAndDestroy(); // a TCP RST, as from a process killed mid-send
    await new Promise((resolve) => setTimeout(resolve, 200));

    const mailer = createMailer(mail.url, 'Ticketflow <ticketflow@example.com>');
    try {
      await mailer.send({
        to: { name: 'Erin', address: 'erin@example.com' },
        subject: 'Still here',
        text: 'The catcher survived.',
        html: '<p>The catcher survived.</p>',
        messageId: '<after-reset@example.com>',
        headers: {},
      });
    } finally {
      mailer.close();
    }
    assert.deepEqual(
      mail.messages.map((m) => m.messageId),
      ['<after-reset@example.com>'],
    );
  });
});
