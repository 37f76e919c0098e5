// The second half of a notify action: send one recorded mail, then mark it sent. Idempotent: a retry
// finds the row already sent and sends nothing. The one gap SMTP leaves is a crash after the server
// accepted the message and before the row says so: the retry then sends it again, with the same
// Message-ID. The mark is a single-row UPDATE right after the server's answer, so that window is one
// round trip to Postgres. A permanent refusal (5xx, an unusable address) is recorded and not retried.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../platform/store/db.js';
import { isPermanentMailError, type Mailer } from '../../platform/mail/mailer.js';
import { MAIL_REFUSED } from '../../workflows/ticket/model.js';

export async function sendEmail(db: Db, mailer: Mailer, notificationId: string): Promise<'sent' | 'already_sent'> {
  const row = await db.selectFrom('notifications').selectAll().where('id', '=', notificationId).executeTakeFirst();
  if (!row) throw ApplicationFailure.nonRetryable(`no notification ${notificationId}`, 'NotificationMissing');
  if (row.status === 'sent') return 'already_sent';
  if (row.status === 'failed') throw ApplicationFailure.nonRetryable(row.error ?? 'refused', MAIL_REFUSED);
  try {
    await mailer.send({
      to: { name: row.recipient_name, address: row.recipient_email },
      subject: row.subject,
      text: row.body,
      html: row.html,
      messageId: row.message_id,
      headers: { 'X-Ticketflow-Ticket': row.ticket_number },
    });
  } catch (error) {
    if (!isPermanentMailError(error)) throw error;
    const reason = String((error as Error).message).slice(0, 500);
    await db
      .updateTable('notifications')
      .set({ status: 'failed', error: reason })
      .where('id', '=', notificationId)
      .execute();
    throw ApplicationFailure.nonRetryable(reason, MAIL_REFUSED);
  }
  await db
    .updateTable('notifications')
    .set({ status: 'sent', sent_at: new Date() })
    .where('id', '=', notificationId)
    .execute();
  return 'sent';
}
