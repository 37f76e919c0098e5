// Rate limits over GraphQL, with the default sign-in and registration limits: the 11th sign-in attempt
// within a minute for one email is RATE_LIMITED with retryAfterSeconds (right password or not), another
// email is not; the 6th registration from one address within an hour; signals per key (a limit of 3
// here, not 600). Counts live in Postgres, so two API instances over one database share them; when
// Postgres cannot count, the answer is UNAVAILABLE rather than no limit.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { rateLimitSettings } from '../../api/auth/rate-limits.js';
import { DEMO_PASSWORD } from '../../api/seed.js';
import { loadConfig } from '../../platform/config.js';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';
const REGISTER = 'mutation ($i: RegisterInput!) { register(input: $i) { id } }';
const SIGNAL = `mutation ($n: String!, $k: String!) {
  signalTicket(number: $n, signal: "requester.replied", payload: { message: "hi" }, idempotencyKey: $k) { duplicate }
}`;

function rateLimited(result: GraphQLResponse, maxSeconds: number): void {
  assert.equal(result.errors?.[0]?.extensions.code, 'RATE_LIMITED', JSON.stringify(result.errors ?? result.data));
  const retry = result.errors![0]!.extensions.retryAfterSeconds;
  assert.ok(typeof retry === 'number' && retry >= 1 && retry <= maxSeconds, `retryAfterSeconds ${String(retry)}`);
}

describe('rate limits over GraphQL', () => {
  let sys: TestSystem;
  /** Two API instances over one database, as two replicas would be. */
  let one: TestApi;
  let two: TestApi;

  before(async () => {
    sys = await startTestSystem({ worker: false });
    const configured = rateLimitSettings(loadConfig({}));
    assert.deepEqual(configured, { loginPerMinute: 10, registerPerHour: 5, signalsPerMinute: 600 });
    const defaults = { ...configured, signalsPerMinute: 3 };
    one = await startTestApi(sys, { rateLimits: defaults });
    two = await startTestApi(sys, { rateLimits: defaults });
  });
  after(async () => {
    await one.stop();
    await two.stop();
    await sys.stop();
  });

  it('limits sign-in attempts per email across replicas; another email still signs in', async () => {
    const email = 'tom.support@example.com';
    for (let i = 0; i < 10; i++) {
      const api = i % 2 ? one : two;
      const result = await api.gql(LOGIN, { e: email, p: i === 4 ? DEMO_PASSWORD : 'wrong password' });
      assert.notEqual(result.errors?.[0]?.extensions.code, 'RATE_LIMITED', `attempt ${i + 1}`);
    }
    rateLimited(await one.gql(LOGIN, { e: email, p: DEMO_PASSWORD }), 60);
    rateLimited(await two.gql(LOGIN, { e: email.toUpperCase(), p: DEMO_PASSWORD }), 60);
    const other = await one.gql<{ login: { accessToken: string } }>(LOGIN, {
      e: 'tia.support@example.com',
      p: DEMO_PASSWORD,
    });
    assert.ok(other.data?.login.accessToken, JSON.stringify(other.errors));
  });

  it('limits registrations per client address; over the limit nobody is registered', async () => {
    const register = (api: TestApi) =>
      api.gql(REGISTER, { i: { email: `${randomUUID()}@example.com`, name: 'New', password: 'long enough password' } });
    for (let i = 0; i < 5; i++) assert.ok((await register(i % 2 ? one : two)).data, `registration ${i + 1}`);
    const users = async () =>
      Number(
        (
          await sys.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await users();
    rateLimited(await register(one), 3600);
    assert.equal(await users(), before);
  });

  it('limits signals per key, before anything reaches the ticket', async () => {
    const admin = await one.signIn('admin@example.com');
    const created = await one.gql<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "chatty", processes: ["it-support"], signals: ["requester.replied"] }) { secret } }',
      {},
      { token: admin },
    );
    const key = created.data!.createApiKey.secret;
    // No such ticket: each attempt still counts, and answers NOT_FOUND until the limit.
    for (let i = 0; i < 3; i++) {
      const result = await (i % 2 ? one : two).gql(SIGNAL, { n: 'IT-999999', k: randomUUID() }, { token: key });
      assert.equal(result.errors?.[0]?.extensions.code, 'NOT_FOUND', JSON.stringify(result.errors));
    }
    rateLimited(await one.gql(SIGNAL, { n: 'IT-999999', k: randomUUID() }, { token: key }), 60);
  });

  it('answers UNAVAILABLE, not an open door, when the counts cannot be read', async () => {
    await sql`alter table rate_limits rename to rate_limits_away`.execute(sys.db);
    try {
      const result = await one.gql(LOGIN, { e: 'tara.specialist@example.com', p: DEMO_PASSWORD });
      assert.equal(result.errors?.[0]?.extensions.code, 'UNAVAILABLE', JSON.stringify(result.errors ?? result.data));
      assert.equal(result.errors![0]!.extensions.reason, 'RATE_LIMIT_STORE');
      assert.ok(!JSON.stringify(result.errors).includes('    at '), 'no stack trace');
    } finally {
      await sql`alter table rate_limits_away rename to rate_limits`.execute(sys.db);
    }
    const again = await one.gql(LOGIN, { e: 'tara.specialist@example.com', p: DEMO_PASSWORD });
    assert.ok(again.data, JSON.stringify(again.errors));
  });
});
