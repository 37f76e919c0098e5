// Sending mail: nodemailer over SMTP (SMTP_URL), one pooled transport per process. Delivery errors are
// sorted into permanent ones (the server said 5xx, or the address cannot be used), which no retry can
// fix, and temporary ones (4xx, a connection that failed), which a retry may.
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Stable per message: a resend after a crash carries the same one, so mail programs see one message. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.headers && { headers: mail.headers }),
      });
    },
    close: () => transport.close(),
  };
}

/** True when retrying cannot deliver it: the server refused it for good, or the address is unusable. */
export function isPermanentMailError(error: unknown): boolean {
  const e = error as { responseCode?: unknown; code?: unknown; permanent?: unknown };
  if (typeof e.permanent === 'boolean') return e.permanent;
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600;
  return e.code === 'EENVELOPE';
}
