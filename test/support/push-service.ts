// A push service on 127.0.0.1 for the Web Push tests, and browsers subscribed to it. It speaks the Web
// Push protocol (RFC 8030) as Mozilla's autopush and FCM do: a POST to the browser's endpoint with a TTL
// header, `Content-Encoding: aes128gcm` and VAPID auth (RFC 8292: `Authorization: vapid t=<JWT>,
// k=<public key>`, the JWT ES256-signed by that key, `aud` the endpoint's origin, `exp` in the next 24
// hours, `k` the key the browser subscribed with). What it rejects: unknown endpoint 404, no or bad
// VAPID 401, another server's key 403, no TTL 400, another encoding 415, a body it cannot decrypt 400.
// An accepted message is decrypted as the browser would (RFC 8291 key derivation, RFC 8188 records)
// with the browser's own P-256 key pair and auth secret, made here as a browser makes them. A test
// scripts the next answers of an endpoint (404, 410, 500, 429 with Retry-After…); unscripted, 201 Created.
import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestBrowser {
  id: string;
  /** What PushSubscription.toJSON() gives: what the web app saves. */
  subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  /** The payloads the push service accepted for this browser, decrypted. */
  messages: unknown[];
}

/** What a scripted 429 asks for in its Retry-After header. */
export const RETRY_AFTER_SECONDS = 2;

export interface PushRequestSeen {
  browser: string;
  status: number;
  /** When it came (ms since the epoch). */
  at: number;
  why?: string;
}

export interface TestPushService {
  origin: string;
  /** A browser subscribed with the server's VAPID public key (applicationServerKey), base64url. */
  subscribe(applicationServerKey: string): TestBrowser;
  /** The next answers for the browser's endpoint, in order (then 201 again). */
  answer(browser: TestBrowser, ...statuses: number[]): void;
  /** Every request, with the answer it got. */
  requests: PushRequestSeen[];
  stop(): Promise<void>;
}

interface Subscribed {
  browser: TestBrowser;
  keys: ECDH;
  auth: Buffer;
  serverKey: string;
  script: number[];
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startPushService(): Promise<TestPushService> {
  const browsers = new Map<string, Subscribed>();
  const requests: PushRequestSeen[] = [];
  let origin = '';

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const subscribed = browsers.get(id);
    const answer = (status: number, why?: string) => {
      requests.push({ browser: id, status, at: Date.now(), ...(why && { why }) });
      res.writeHead(status, {
        'content-type': 'application/json',
        // As FCM and autopush do when they throttle: come back later.
        ...(status === 429 && { 'retry-after': String(RETRY_AFTER_SECONDS) }),
        ...(status === 201 && { location: `${origin}/message/${randomBytes(8).toString('hex')}` }),
      });
      res.end(status === 201 ? '' : JSON.stringify({ code: status, errno: status, error: why ?? 'scripted' }));
    };
    try {
      if (req.method !== 'POST') throw new Refusal(405, 'only POST');
      if (!subscribed) throw new Refusal(404, 'no such subscription');
      checkVapid(req.headers.authorization, origin, subscribed.serverKey);
      if (!/^\d+$/.test(String(req.headers.ttl ?? ''))) throw new Refusal(400, 'missing TTL header');
      if (req.headers['content-encoding'] !== 'aes128gcm') throw new Refusal(415, 'unsupported encoding');
      const payload = decrypt(body, subscribed.keys, subscribed.auth);
      const scripted = subscribed.script.shift();
      if (scripted !== undefined && scripted !== 201) return answer(scripted);
      subscribed.browser.messages.push(JSON.parse(payload.toString('utf8')));
      answer(201);
    } catch (error) {
      if (error instanceof Refusal) answer(error.status, error.message);
      else answer(400, (error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    subscribe(applicationServerKey) {
      const keys = createECDH('prime256v1');
      keys.generateKeys();
      const auth = randomBytes(16);
      const id = randomBytes(12).toString('hex');
      const browser: TestBrowser = {
        id,
        subscription: {
          endpoint: `${origin}/push/${id}`,
          expirationTime: null,
          keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
        messages: [],
      };
      browsers.set(id, { browser, keys, auth, serverKey: applicationServerKey, script: [] });
      return browser;
    },
    answer(browser, ...statuses) {
      browsers.get(browser.id)!.script.push(...statuses);
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** RFC 8292: `vapid t=<JWT>, k=<key>`; the JWT ES256 over the key, for this origin, not expired. */
function checkVapid(header: string | undefined, origin: string, serverKey: string): void {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(header ?? '');
  if (!match) throw new Refusal(401, 'missing VAPID authorization');
  const [, token, key] = match as unknown as [string, string, string];
  const publicKey = Buffer.from(key, 'base64url');
  if (publicKey.length !== 65 || publicKey[0] !== 4) throw new Refusal(401, 'k is not a P-256 public key');
  if (key !== serverKey) throw new Refusal(403, 'k is not the key the browser subscribed with');
  const [head, claims, signature] = token.split('.') as [string, string, string];
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string; typ?: string };
  if (header_.alg !== 'ES256') throw new Refusal(401, 'JWT is not ES256');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: publicKey.subarray(1, 33).toString('base64url'),
    y: publicKey.subarray(33).toString('base64url'),
  };
  const signedBy = verify(
    'sha256',
    Buffer.from(`${head}.${claims}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signedBy) throw new Refusal(401, 'JWT signature does not match k');
  const { aud, exp, sub } = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
  if (aud !== origin) throw new Refusal(401, `JWT aud ${String(aud)} is not ${origin}`);
  const now = Date.now() / 1000;
  if (typeof exp !== 'number' || exp <= now || exp > now + 24 * 3600) throw new Refusal(401, 'JWT exp out of range');
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub)) throw new Refusal(401, 'JWT sub is no contact');
}

/** RFC 8291 + RFC 8188, as the browser decrypts: ECDH with its key pair, HKDF with its auth secret. */
function decrypt(body: Buffer, keys: ECDH, auth: Buffer): Buffer {
  if (body.length < 21 + 65 + 17) throw new Refusal(400, 'body too short for aes128gcm');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const serverPublicKey = body.subarray(21, 21 + idLength);
  const records = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Refusal(400, 'keyid is not a P-256 public key');
  const shared = keys.computeSecret(serverPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.getPublicKey(), serverPublicKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const plain: Buffer[] = [];
  for (let offset = 0, seq = 0; offset < records.length; offset += recordSize, seq++) {
    const record = records.subarray(offset, offset + recordSize);
    const nonce = Buffer.from(baseNonce);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8); // the record's number, XORed in (< 2^32 here)
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const last = offset + recordSize >= records.length;
    if (padded[end] !== (last ? 2 : 1)) throw new Refusal(400, 'bad record padding delimiter');
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
