// Sign-in over GraphQL: registration waits for an admin, passwords, short-lived access tokens, rotated
// refresh tokens (a reused one ends its whole sign-in), and the codes every failure carries.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../api/seed.js';
import { currentSignIn } from '../../api/graphql/viewer.js';
import { getUserByEmail, setUserStatus } from '../../platform/people/users.js';
import { AppError } from '../../platform/errors.js';
import { createDb } from '../../platform/store/db.js';
import { startTestApi, type TestApi, failsWith } from '../support/api.js';
import { freePort } from '../support/ports.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const LOGIN = `mutation ($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken accessTokenExpiresAt user { email role status } }
}`;
const REFRESH = `mutation ($t: String) { refreshToken(refreshToken: $t) { accessToken refreshToken user { email } } }`;
const ME = '{ me { email role status } }';

describe('sign-in over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  before(async () => {
    sys = await startTestSystem({ worker: false });
    api = await startTestApi(sys, { accessTtlSeconds: 30 });
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  it('signs in with the right password and answers me', async () => {
    const login = await api.gql<{ login: { accessToken: string; user: { role: string } } }>(LOGIN, {
      email: 'Sam.Agent@example.com',
      password: DEMO_PASSWORD,
    });
    assert.equal(login.data?.login.user.role, 'AGENT');
    assert.match(
      login.headers.get('set-cookie') ?? '',
      /tf_refresh=.+; Max-Age=\d+; Path=\/graphql; .*HttpOnly; SameSite=Strict/,
    );
    const me = await api.gql<{ me: { email: string } }>(ME, {}, { token: login.data!.login.accessToken });
    assert.equal(me.data?.me.email, 'sam.agent@example.com');
  });

  it('refuses a wrong password and an unknown address alike', async () => {
    const wrong = await api.gql(LOGIN, { email: 'sam.agent@example.com', password: 'not-the-password' });
    failsWith(wrong, 'UNAUTHENTICATED', 'BAD_CREDENTIALS');
    const unknown = await api.gql(LOGIN, { email: 'nobody@example.com', password: 'not-the-password' });
    failsWith(unknown, 'UNAUTHENTICATED', 'BAD_CREDENTIALS');
    assert.equal(unknown.errors![0]!.message, wrong.errors![0]!.message);
  });

  it('needs a token for me, and refuses a forged or broken one', async () => {
    failsWith(await api.gql(ME), 'UNAUTHENTICATED', 'NO_TOKEN');
    failsWith(await api.gql(ME, {}, { token: 'not.a.jwt' }), 'UNAUTHENTICATED', 'TOKEN_INVALID');
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwicm9sZSI6IkFETUlOIn0.c2lnbmF0dXJl';
    failsWith(await api.gql(ME, {}, { token: forged }), 'UNAUTHENTICATED', 'TOKEN_INVALID');
  });

  it('keeps a registration pending until an admin approves it', async () => {
    const registered = await api.gql<{ register: { id: string; status: string } }>(
      'mutation ($input: RegisterInput!) { register(input: $input) { id status } }',
      { input: { email: 'new.person@example.com', name: 'New Person', password: 'a long enough password' } },
    );
    assert.equal(registered.data?.register.status, 'pending');
    const early = await api.gql(LOGIN, { email: 'new.person@example.com', password: 'a long enough password' });
    failsWith(early, 'UNAUTHENTICATED', 'ACCOUNT_PENDING');

    const APPROVE = 'mutation ($id: ID!) { approveUser(userId: $id) { status } }';
    const agent = await api.signIn('sam.agent@example.com');
    failsWith(await api.gql(APPROVE, { id: registered.data!.register.id }, { token: agent }), 'FORBIDDEN');
    const admin = await api.signIn('admin@example.com');
    const approved = await api.gql<{ approveUser: { status: string } }>(
      APPROVE,
      { id: registered.data!.register.id },
      { token: admin },
    );
    assert.equal(approved.data?.approveUser.status, 'active');
    const again = await api.gql(APPROVE, { id: registered.data!.register.id }, { token: admin });
    failsWith(again, 'CONFLICT', 'NOT_PENDING');
    const login = await api.gql<{ login: { user: { role: string } } }>(LOGIN, {
      email: 'new.person@example.com',
      password: 'a long enough password',
    });
    assert.equal(login.data?.login.user.role, 'EMPLOYEE');
    const { rows } = await sys.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', '=', 'user.approved')
      .execute()
      .then((r) => ({ rows: r }));
    assert.equal(rows.length, 1, 'the approval is in the audit log');
  });

  it('refuses bad registrations with the fields named', async () => {
    const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';
    const short = await api.gql(REGISTER, { input: { email: 'x@example.com', name: 'X', password: 'short' } });
    failsWith(short, 'BAD_USER_INPUT');
    assert.deepEqual(short.errors![0]!.extensions.fields, ['password']);
    const taken = await api.gql(REGISTER, {
      input: { email: 'erin.employee@example.com', name: 'E', password: 'long enough pw' },
    });
    failsWith(taken, 'CONFLICT');
  });

  it('rotates refresh tokens, and a reused one ends the whole sign-in', async () => {
    const login = await api.gql<{ login: { refreshToken: string } }>(LOGIN, {
      email: 'cora.coordinator@example.com',
      password: DEMO_PASSWORD,
    });
    const first = login.data!.login.refreshToken;
    const second = await api.gql<{ refreshToken: { refreshToken: string; accessToken: string } }>(REFRESH, {
      t: first,
    });
    const next = second.data!.refreshToken.refreshToken;
    assert.notEqual(next, first);
    failsWith(await api.gql(REFRESH, { t: first }), 'UNAUTHENTICATED', 'REFRESH_REUSED');
    // The thief's copy and the owner's are both dead now.
    failsWith(await api.gql(REFRESH, { t: next }), 'UNAUTHENTICATED', 'REFRESH_INVALID');
  });

  it('renews from the httpOnly cookie, and logout ends the sign-in', async () => {
    const login = await api.gql(LOGIN, { email: 'tia.support@example.com', password: DEMO_PASSWORD });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const renewed = await api.gql<{ refreshToken: { user: { email: string } } }>(REFRESH, {}, { cookie });
    assert.equal(renewed.data?.refreshToken.user.email, 'tia.support@example.com');
    const nextCookie = (renewed.headers.get('set-cookie') ?? '').split(';')[0]!;
    const out = await api.gql<{ logout: boolean }>('mutation { logout }', {}, { cookie: nextCookie });
    assert.equal(out.data?.logout, true);
    failsWith(await api.gql(REFRESH, {}, { cookie: nextCookie }), 'UNAUTHENTICATED', 'REFRESH_INVALID');
  });

  it("ends the sign-in's access tokens with it, and only that sign-in's", async () => {
    type Session = { login: { accessToken: string; refreshToken: string } };
    const credentials = { email: 'tia.support@example.com', password: DEMO_PASSWORD };
    const laptop = (await api.gql<Session>(LOGIN, credentials)).data!.login;
    const phone = (await api.gql<Session>(LOGIN, credentials)).data!.login;
    assert.equal((await api.gql(ME, {}, { token: laptop.accessToken })).errors, undefined);
    await api.gql('mutation ($t: String) { logout(refreshToken: $t) }', { t: laptop.refreshToken });
    failsWith(await api.gql(ME, {}, { token: laptop.accessToken }), 'UNAUTHENTICATED', 'SIGNED_OUT');
    assert.equal((await api.gql(ME, {}, { token: phone.accessToken })).errors, undefined, 'the other sign-in stands');
    // Without a refresh token at hand, logout ends the sign-in of the access token.
    const out = await api.gql<{ logout: boolean }>('mutation { logout }', {}, { token: phone.accessToken });
    assert.equal(out.data?.logout, true);
    failsWith(await api.gql(ME, {}, { token: phone.accessToken }), 'UNAUTHENTICATED', 'SIGNED_OUT');
    failsWith(await api.gql(REFRESH, { t: phone.refreshToken }), 'UNAUTHENTICATED', 'REFRESH_INVALID');
  });

  it('ends the access tokens of a sign-in whose refresh token was reused', async () => {
    const login = await api.gql<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, {
      email: 'sara.agent@example.com',
      password: DEMO_PASSWORD,
    });
    const { accessToken, refreshToken } = login.data!.login;
    await api.gql(REFRESH, { t: refreshToken });
    failsWith(await api.gql(REFRESH, { t: refreshToken }), 'UNAUTHENTICATED', 'REFRESH_REUSED');
    failsWith(await api.gql(ME, {}, { token: accessToken }), 'UNAUTHENTICATED', 'SIGNED_OUT');
  });

  it('stops a deactivated person at once, token or not', async () => {
    const token = await api.signIn('tom.support@example.com');
    await setUserStatus(sys.db, 'tom.support@example.com', 'inactive');
    failsWith(await api.gql(ME, {}, { token }), 'UNAUTHENTICATED', 'ACCOUNT_INACTIVE');
    failsWith(
      await api.gql(LOGIN, { email: 'tom.support@example.com', password: DEMO_PASSWORD }),
      'UNAUTHENTICATED',
      'ACCOUNT_INACTIVE',
    );
  });

  it('answers UNAVAILABLE, not "sign in again", while the accounts cannot be read', async () => {
    // A database that refuses connections (stopped, restarting): a good token must stay good.
    const unreachable = createDb(`postgres://postgres@127.0.0.1:${await freePort()}/ticketflow`, { max: 1 });
    const sam = await getUserByEmail(sys.db, 'sam.agent@example.com');
    const unavailable = (error: unknown) => error instanceof AppError && error.code === 'UNAVAILABLE';
    try {
      await assert.rejects(currentSignIn(unreachable, sam.id, undefined), unavailable);
      await assert.rejects(currentSignIn(unreachable, sam.id, randomUUID()), unavailable);
    } finally {
      await unreachable.destroy();
    }
    await assert.rejects(
      currentSignIn(sys.db, randomUUID(), undefined),
      (error: unknown) => error instanceof AppError && error.details.reason === 'TOKEN_INVALID',
      'an account that is gone still makes its token invalid',
    );
  });

  it('answers bad requests with a code, never a 500', async () => {
    const raw = (body: string, type = 'application/json') =>
      fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': type }, body });
    for (const response of [
      await raw('{not json'),
      await raw(JSON.stringify({ query: `{ me { ${'email '.repeat(10)} } }`, variables: 3 })),
      await raw(JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) })),
      await raw(JSON.stringify({ query: '{ me { email } ' })),
      await raw(
        JSON.stringify({ query: `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: me { email }`).join(' ')} }` }),
      ),
      await raw(JSON.stringify({ query: '{ tickets(first: "many") { totalCount } }' })),
      await raw(JSON.stringify({ query: '{ nosuchfield }' })),
    ]) {
      assert.ok(response.status < 500, `status ${response.status}`);
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      assert.ok(body.errors?.length, JSON.stringify(body));
      for (const error of body.errors!) assert.equal(error.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(error));
    }
    // Still up.
    assert.equal((await fetch(`${api.url}/healthz`)).status, 200);
  });
});
