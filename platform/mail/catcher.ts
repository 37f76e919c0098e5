// A real SMTP server that keeps every message it receives: the development mail catcher of `npm start`
// (when no SMTP_URL is set) and the mail server of the tests. Each message is parsed (mailparser) and,
// with a folder, also written there as an .eml file a mail program opens. A test may make it answer
// a transaction with an SMTP error, or do something (kill a worker, say) before it accepts one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  from: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: Date;
  parsed: ParsedMail;
}

export interface MailCatcher {
  /** smtp://127.0.0.1:<port> */
  url: string;
  /** Every message accepted so far, oldest first (one per SMTP transaction). */
  messages: CaughtMail[];
  /**
   * Called with each message before it is answered: return an SMTP error (code ≥ 400) to refuse it,
   * or nothing to accept it. Tests use it; `npm start` accepts everything.
   */
  intercept?: (
    mail: CaughtMail,
  ) => Promise<{ code: number; message: string } | void> | { code: number; message: string } | void;
  stop(): Promise<void>;
}

export async function startMailCatcher(
  options: { port?: number; host?: string; dir?: string } = {},
): Promise<MailCatcher> {
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const catcher: MailCatcher = {
    url: '',
    messages: [],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw)
          .then(async (parsed) => {
            const mail: CaughtMail = {
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              messageId: parsed.messageId ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              receivedAt: new Date(),
              parsed,
            };
            const refusal = await catcher.intercept?.(mail);
            if (refusal) {
              const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
              return callback(error);
            }
            catcher.messages.push(mail);
            if (options.dir) {
              const name = `${mail.receivedAt.toISOString().replace(/[:.]/g, '-')}-${catcher.messages.length}.eml`;
              writeFileSync(join(options.dir, name), raw);
            }
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  // A client that goes away mid-conversation (a worker killed while sending, a reset connection) ends
  // its own session only: without a listener the server's 'error' event would end this process, and
  // with it `npm start`.
  server.on('error', () => {});
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  catcher.url = `smtp://${host}:${(server.server.address() as { port: number }).port}`;
  return catcher;
}
