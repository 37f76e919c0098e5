// Attachments over the real API: attachFile as a multipart request (the GraphQL multipart request
// spec), Ticket.attachments and the timeline, and GET /attachments/:id. Every refusal is a typed error
// that leaves nothing behind: no row, no file under DATA_DIR/attachments, no timeline event.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../api/auth/api-keys.js';
import { attachmentPath, DEFAULT_ATTACHMENT_CONTENT_TYPES } from '../../platform/tickets/attachments.js';
import { failsWith, startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

/** Small, so that oversized uploads are cheap to send. */
const MAX_BYTES = 64 * 1024;

const ATTACH = /* GraphQL */ `
  mutation ($number: String!, $file: File!) {
    attachFile(number: $number, file: $file) {
      attachment {
        id
        filename
        contentType
        size
        uploadedAt
        uploadedBy {
          email
        }
        downloadUrl
      }
      ticket {
        number
        attachments {
          id
          filename
        }
        timeline {
          type
          data
        }
      }
    }
  }
`;

type Attached = {
  attachFile: {
    attachment: {
      id: string;
      filename: string;
      contentType: string;
      size: number;
      uploadedAt: string;
      uploadedBy: { email: string };
      downloadUrl: string;
    };
    ticket: {
      number: string;
      attachments: { id: string; filename: string }[];
      timeline: { type: string; data: { attachmentId?: string } }[];
    };
  };
};

describe('attachments over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let erin: string;
  let eli: string;
  let sam: string;
  let systemKey: string;

  before(async () => {
    sys = await startTestSystem({
      attachments: { maxBytes: MAX_BYTES, contentTypes: DEFAULT_ATTACHMENT_CONTENT_TYPES },
    });
    api = await startTestApi(sys);
    erin = await api.signIn('erin.employee@example.com');
    eli = await api.signIn('eli.employee@example.com');
    sam = await api.signIn('sam.agent@example.com');
    const ada = await sys.person('admin@example.com');
    systemKey = (
      await createApiKey(sys.db, ada.userId, {
        name: 'mail',
        processes: ['it-support'],
        signals: [],
        createTickets: true,
        readTickets: true,
      })
    ).secret;
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** A fresh ticket of erin's, in the queue of sam's group. */
  async function erinsTicket(): Promise<string> {
    const person = await sys.person('erin.employee@example.com');
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Files', requester: { userId: person.userId }, fields: { category: 'hardware' } },
      person,
    );
    await sys.tickets.settle(ticket.number);
    return ticket.number;
  }

  const file = (bytes: Buffer | string, name: string, type: string) =>
    new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });

  const attach = (number: string, upload: File, token: string | undefined, csrf = true) =>
    api.upload<Attached>(ATTACH, { number, file: null }, { 'variables.file': upload }, { token, csrf });

  /** Every file under DATA_DIR/attachments (half-written ones included), and every attachment row. */
  async function stored() {
    const root = join(sys.dataDir, 'attachments');
    const files = existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }) : [];
    const rows = await sys.db.selectFrom('attachments').select('id').execute();
    return {
      files: files
        .filter((f) => f.isFile())
        .map((f) => join(f.parentPath, f.name))
        .sort(),
      rows: rows.map((r) => r.id).sort(),
    };
  }

  const download = (path: string, token?: string) =>
    fetch(`${api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  /** The answer failed with `code`, BAD_USER_INPUT naming `fields`. */
  function refusedInput(result: GraphQLResponse, fields: string[], reason?: string) {
    const error = failsWith(result, 'BAD_USER_INPUT', reason);
    assert.deepEqual(error.extensions.fields, fields, JSON.stringify(result.errors));
  }

  it('takes a file from the requester: the ticket and its timeline show it, and the download is the same bytes, served inert', async () => {
    const number = await erinsTicket();
    const bytes = randomBytes(3000);
    const result = await attach(number, file(bytes, 'Écran été (1).png', 'image/png'), erin);
    assert.equal(result.status, 200, JSON.stringify(result.errors));
    const { attachment, ticket } = result.data!.attachFile;
    assert.equal(attachment.filename, 'Écran été (1).png');
    assert.equal(attachment.contentType, 'image/png');
    assert.equal(attachment.size, bytes.length);
    assert.equal(attachment.uploadedBy.email, 'erin.employee@example.com');
    assert.equal(attachment.downloadUrl, `/attachments/${attachment.id}`);
    assert.ok(Date.now() - Date.parse(attachment.uploadedAt) < 60_000);
    assert.deepEqual(ticket.attachments, [{ id: attachment.id, filename: attachment.filename }]);
    const attached = ticket.timeline.filter((e) => e.type === 'attached');
    assert.deepEqual(
      attached.map((e) => e.data),
      [{ attachmentId: attachment.id }],
    );

    for (const token of [erin, sam]) {
      const response = await download(attachment.downloadUrl, token);
      assert.equal(response.status, 200);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
      assert.equal(response.headers.get('content-type'), 'image/png');
      assert.equal(response.headers.get('content-length'), String(bytes.length));
      assert.equal(
        response.headers.get('content-disposition'),
        `attachment; filename="_cran _t_ (1).png"; filename*=UTF-8''%C3%89cran%20%C3%A9t%C3%A9%20%281%29.png`,
      );
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'; sandbox/);
      assert.equal(response.headers.get('cache-control'), 'private, no-store');
    }
  });

  it('takes a file from an agent of the ticket’s group, up to the size limit exactly, and lists both in order', async () => {
    const number = await erinsTicket();
    const first = await attach(number, file('boot log', 'boot.log.txt', 'text/plain; charset=utf-8'), erin);
    assert.equal(first.data?.attachFile.attachment.contentType, 'text/plain', JSON.stringify(first.errors));
    const largest = randomBytes(MAX_BYTES);
    const result = await attach(number, file(largest, 'manual.pdf', 'application/pdf'), sam);
    assert.equal(result.status, 200, JSON.stringify(result.errors));
    const { attachment, ticket } = result.data!.attachFile;
    assert.equal(attachment.uploadedBy.email, 'sam.agent@example.com');
    assert.equal(attachment.size, MAX_BYTES);
    assert.deepEqual(
      ticket.attachments.map((a) => a.filename),
      ['boot.log.txt', 'manual.pdf'],
    );
    const response = await download(attachment.downloadUrl, erin);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), largest);
  });

  it('refuses each broken limit as BAD_USER_INPUT naming what was wrong, and stores nothing', async () => {
    const number = await erinsTicket();
    const before = await stored();
    const oversized = await attach(number, file(randomBytes(MAX_BYTES + 1), 'big.png', 'image/png'), erin);
    refusedInput(oversized, ['file.size'], 'FILE_TOO_LARGE');
    assert.equal(oversized.status, 413);
    // Its length was announced and is near the limit: the rest is read, so that fetch, still sending
    // when the answer comes, gets it (on a closed connection Node 24's fetch fails with EPIPE).
    assert.equal(oversized.headers.get('connection'), 'keep-alive');
    refusedInput(await attach(number, file('<script>', 'notes.txt', 'text/html'), erin), ['file.type']);
    refusedInput(await attach(number, file('<svg/>', 'logo.png', 'image/svg+xml'), erin), ['file.type']);
    refusedInput(await attach(number, file('MZ', 'tool.bin', 'application/x-msdownload'), erin), ['file.type']);
    refusedInput(await attach(number, file('MZ', 'setup.exe', 'application/zip'), erin), ['file.name']);
    refusedInput(await attach(number, file('<p>', 'page.HTML', 'text/plain'), erin), ['file.name']);
    refusedInput(await attach(number, file('', 'empty.txt', 'text/plain'), erin), ['file.size']);
    // Two files in one request: the parser stops at the second.
    const two = await api.upload(
      ATTACH,
      { number, file: null },
      { 'variables.file': file('a', 'a.txt', 'text/plain'), 'variables.other': file('b', 'b.txt', 'text/plain') },
      { token: erin },
    );
    refusedInput(two, ['file'], 'TOO_MANY_FILES');
    // The map names a part that is not there; then no map at all; then a "file" in JSON.
    const missing = await fetchMultipart(number, erin, { map: { 0: ['variables.file'] } });
    refusedInput(missing, ['file']);
    refusedInput(await fetchMultipart(number, erin, {}), ['file']);
    refusedInput(await api.gql(ATTACH, { number, file: 'not a file' }, { token: erin }), ['file']);

    assert.deepEqual(await stored(), before, 'no row and no file');
    const timeline = (await sys.tickets.timeline(number)).events.map((e) => e.type);
    assert.ok(!timeline.includes('attached'), timeline.join());
  });

  /** A multipart request built by hand: operations, the given map (if any), and no file part. */
  async function fetchMultipart(number: string, token: string, parts: { map?: object }) {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: ATTACH, variables: { number, file: null } }));
    if (parts.map) form.append('map', JSON.stringify(parts.map));
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-graphql-csrf': '1' },
      body: form,
    });
    return { status: response.status, headers: response.headers, ...(await response.json()) } as GraphQLResponse;
  }

  it(
    'answers an oversized upload before it has been sent whole, and the server stays up',
    { timeout: 30_000 },
    async () => {
      const number = await erinsTicket();
      const before = await stored();
      const boundary = 'ticketflow-test-boundary';
      const head = [
        `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n`,
        JSON.stringify({ query: ATTACH, variables: { number, file: null } }),
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}`,
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="endless.png"\r\n`,
        'Content-Type: image/png\r\n\r\n',
      ].join('');
      const answer = await new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
        const req = request(`${api.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            authorization: `Bearer ${erin}`,
            'x-graphql-csrf': '1',
          },
        });
        req.on('error', reject);
        req.on('response', (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            resolve({ status: res.statusCode!, body, connection: res.headers.connection });
            req.destroy();
          });
        });
        req.write(head);
        // Twice the limit, and the body never ends: only an answer at the limit ends this.
        req.write(randomBytes(2 * MAX_BYTES));
      });
      assert.equal(answer.status, 413);
      assert.equal(answer.connection, 'close', 'the rest of the body is not read');
      const error = (JSON.parse(answer.body) as { errors: { extensions: Record<string, unknown> }[] }).errors[0]!;
      assert.equal(error.extensions.code, 'BAD_USER_INPUT');
      assert.deepEqual(error.extensions.fields, ['file.size']);
      assert.deepEqual(await stored(), before);
      assert.equal((await fetch(`${api.url}/healthz`)).status, 200);
      const me = await api.gql<{ me: { email: string } }>('{ me { email } }', {}, { token: erin });
      assert.equal(me.data?.me.email, 'erin.employee@example.com');
    },
  );

  it('refuses invisible and finished tickets, requests without the CSRF header or a token, and API keys; nothing is stored', async () => {
    const number = await erinsTicket();
    const before = await stored();
    const upload = () => file(randomBytes(100), 'photo.jpg', 'image/jpeg');
    failsWith(await attach(number, upload(), eli), 'NOT_FOUND');
    failsWith(await attach('IT-999999', upload(), erin), 'NOT_FOUND');
    const forged = await attach(number, upload(), erin, false);
    failsWith(forged, 'FORBIDDEN', 'CSRF_HEADER_MISSING');
    assert.equal(forged.status, 403);
    failsWith(await attach(number, upload(), undefined), 'UNAUTHENTICATED');
    failsWith(await attach(number, upload(), systemKey), 'FORBIDDEN', 'PEOPLE_ONLY');
    // The web UI's origin may send the header: its preflight allows it.
    const preflight = await fetch(`${api.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, x-graphql-csrf',
      },
    });
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /x-graphql-csrf/);
    // A form's other content types need the header too.
    const urlencoded = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B%20me%20%7B%20email%20%7D%20%7D',
    });
    assert.equal(urlencoded.status, 403);

    // Finished: the file is written first, then refused by the workflow and removed again.
    const person = await sys.person('erin.employee@example.com');
    await sys.tickets.move(number, person, { transition: 'withdraw' });
    const bytes = randomBytes(100);
    failsWith(await attach(number, file(bytes, 'late.jpg', 'image/jpeg'), erin), 'INVALID_TRANSITION', 'TICKET_CLOSED');
    assert.equal(existsSync(attachmentPath(sys.dataDir, createHash('sha256').update(bytes).digest('hex'))), false);
    assert.deepEqual(await stored(), before, 'no row and no file');
  });

  it('serves a download only to those who may see the ticket: 401 without a token, 404 otherwise', async () => {
    const number = await erinsTicket();
    const result = await attach(number, file('secret', 'secret.txt', 'text/plain'), erin);
    const url = result.data!.attachFile.attachment.downloadUrl;
    const status = async (path: string, token?: string) => (await download(path, token)).status;
    assert.equal(await status(url), 401);
    assert.equal((await download(url)).headers.get('www-authenticate'), 'Bearer');
    assert.equal(await status(url, 'not-a-token'), 401);
    assert.equal(await status(url, eli), 404);
    assert.equal(await status(url, systemKey), 403);
    assert.equal(await status('/attachments/00000000-0000-4000-8000-000000000000', erin), 404);
    assert.equal(await status('/attachments/not-a-uuid', erin), 404);
    assert.equal(await status(url, sam), 200);
    // The web UI on an allowed origin reads the file and its name; another origin is told nothing.
    const preflight = await fetch(`${api.url}${url}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization');
    const fromUi = await fetch(`${api.url}${url}`, {
      headers: { origin: 'http://localhost:5173', authorization: `Bearer ${erin}` },
    });
    assert.equal(fromUi.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(fromUi.headers.get('access-control-expose-headers') ?? '', /Content-Disposition/);
    const elsewhere = await fetch(`${api.url}${url}`, {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${erin}` },
    });
    assert.equal(elsewhere.headers.get('access-control-allow-origin'), null);
    const refused = (await (await download(url, eli)).json()) as { errors: { extensions: { code: string } }[] };
    assert.equal(refused.errors[0]!.extensions.code, 'NOT_FOUND');
  });
});
