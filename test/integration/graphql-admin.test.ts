// Admin operations over GraphQL on real servers: accounts, roles and statuses with their audit rows,
// deactivation ending every sign-in, staff going away and back themselves, who lists whom, groups and
// their members, and the audit log in pages.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi, failsWith } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const PASSWORD = 'a long enough password';
const CREATE = `mutation ($i: CreateUserInput!) { createUser(input: $i) { id email role status } }`;
const ROLE = `mutation ($u: ID!, $r: String!) { setUserRole(userId: $u, role: $r) { role } }`;
const STATUS = `mutation ($u: ID!, $s: String!) { setUserStatus(userId: $u, status: $s) { status } }`;
const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }`;

describe('admin operations over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let ada: string;
  let adaId: string;
  let cora: string;

  before(async () => {
    sys = await startTestSystem({ worker: false });
    api = await startTestApi(sys);
    ada = await api.signIn('admin@example.com');
    adaId = (await sys.person('admin@example.com')).userId;
    cora = await api.signIn('cora.coordinator@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** A new account made by the admin, with its email. */
  async function newUser(role: string) {
    const email = `${randomUUID()}@example.com`;
    const result = await api.gql<{ createUser: { id: string; status: string } }>(
      CREATE,
      { i: { email, name: 'New person', role, password: PASSWORD } },
      { token: ada },
    );
    assert.ok(result.data, JSON.stringify(result.errors));
    return { id: result.data.createUser.id, email };
  }

  const auditOf = (subject: string) =>
    sys.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'details'])
      .where('subject', '=', subject)
      .orderBy('id')
      .execute();

  it('creates accounts that sign in at once, audited; a taken email or an unknown role is refused', async () => {
    const { id, email } = await newUser('AGENT');
    const signedIn = await api.gql(LOGIN, { e: email, p: PASSWORD });
    assert.ok((signedIn.data as { login: unknown }).login, JSON.stringify(signedIn.errors));
    assert.deepEqual(await auditOf(`user:${id}`), [
      { actor: adaId, action: 'user.created', details: { email, role: 'AGENT' } },
    ]);
    failsWith(await api.gql(CREATE, { i: { email, name: 'Again', role: 'AGENT' } }, { token: ada }), 'CONFLICT');
    const bad = failsWith(
      await api.gql(CREATE, { i: { email: 'x@example.com', name: 'X', role: 'OVERLORD' } }, { token: ada }),
      'BAD_USER_INPUT',
    );
    assert.deepEqual(bad.extensions.fields, ['role']);
    assert.equal(
      await sys.db.selectFrom('users').select('id').where('email', '=', 'x@example.com').executeTakeFirst(),
      undefined,
    );
  });

  it('changes roles with an audit row; an employee leaves their groups; nobody changes their own', async () => {
    const { id } = await newUser('AGENT');
    await api.gql(
      `mutation ($u: ID!) { addGroupMember(group: "support-tier2", userId: $u) { key } }`,
      { u: id },
      { token: ada },
    );
    assert.deepEqual((await api.gql(ROLE, { u: id, r: 'COORDINATOR' }, { token: ada })).data, {
      setUserRole: { role: 'COORDINATOR' },
    });
    assert.deepEqual((await api.gql(ROLE, { u: id, r: 'EMPLOYEE' }, { token: ada })).data, {
      setUserRole: { role: 'EMPLOYEE' },
    });
    const audit = await auditOf(`user:${id}`);
    assert.deepEqual(audit.slice(1), [
      { actor: adaId, action: 'user.role_changed', details: { from: 'AGENT', to: 'COORDINATOR' } },
      {
        actor: adaId,
        action: 'user.role_changed',
        details: { from: 'COORDINATOR', to: 'EMPLOYEE', leftGroups: ['support-tier2'] },
      },
    ]);
    const memberships = await sys.db.selectFrom('group_members').select('group_id').where('user_id', '=', id).execute();
    assert.deepEqual(memberships, []);

    failsWith(await api.gql(ROLE, { u: adaId, r: 'AGENT' }, { token: ada }), 'FORBIDDEN', 'OWN_ACCOUNT');
    failsWith(await api.gql(ROLE, { u: id, r: 'KING' }, { token: ada }), 'BAD_USER_INPUT');
    failsWith(await api.gql(ROLE, { u: randomUUID(), r: 'AGENT' }, { token: ada }), 'NOT_FOUND');
    assert.equal(
      (await sys.db.selectFrom('users').select('role').where('id', '=', adaId).executeTakeFirstOrThrow()).role,
      'ADMIN',
    );
  });

  it('deactivates a person: their refresh token, access token and password stop working', async () => {
    const { id, email } = await newUser('AGENT');
    const session = (
      await api.gql<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { e: email, p: PASSWORD })
    ).data!.login;
    assert.deepEqual((await api.gql(STATUS, { u: id, s: 'inactive' }, { token: ada })).data, {
      setUserStatus: { status: 'inactive' },
    });
    const refreshed = await api.gql(`mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, {
      t: session.refreshToken,
    });
    failsWith(refreshed, 'UNAUTHENTICATED');
    const revoked = await sys.db
      .selectFrom('refresh_tokens')
      .select('revoked_at')
      .where('user_id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    assert.deepEqual(revoked, [], 'every refresh token of theirs is revoked');
    failsWith(
      await api.gql('{ me { id } }', {}, { token: session.accessToken }),
      'UNAUTHENTICATED',
      'ACCOUNT_INACTIVE',
    );
    failsWith(await api.gql(LOGIN, { e: email, p: PASSWORD }), 'UNAUTHENTICATED', 'ACCOUNT_INACTIVE');
    assert.deepEqual((await auditOf(`user:${id}`)).slice(1), [
      { actor: adaId, action: 'user.deactivated', details: { from: 'active', to: 'inactive' } },
    ]);
    failsWith(await api.gql(STATUS, { u: adaId, s: 'inactive' }, { token: ada }), 'FORBIDDEN', 'OWN_ACCOUNT');
    failsWith(await api.gql(STATUS, { u: id, s: 'pending' }, { token: ada }), 'BAD_USER_INPUT');
  });

  it('lets an agent go away and come back, but not change anyone else or deactivate themselves', async () => {
    const { id, email } = await newUser('AGENT');
    const login = await api.gql<{ login: { accessToken: string } }>(LOGIN, { e: email, p: PASSWORD });
    const agent = login.data!.login.accessToken;
    assert.deepEqual((await api.gql(STATUS, { u: id, s: 'away' }, { token: agent })).data, {
      setUserStatus: { status: 'away' },
    });
    assert.deepEqual((await api.gql(STATUS, { u: id, s: 'active' }, { token: agent })).data, {
      setUserStatus: { status: 'active' },
    });
    assert.deepEqual((await auditOf(`user:${id}`)).slice(1), [
      { actor: id, action: 'user.status_changed', details: { from: 'active', to: 'away' } },
      { actor: id, action: 'user.status_changed', details: { from: 'away', to: 'active' } },
    ]);
    failsWith(await api.gql(STATUS, { u: id, s: 'inactive' }, { token: agent }), 'FORBIDDEN');
    const sam = (await sys.person('sam.agent@example.com')).userId;
    failsWith(await api.gql(STATUS, { u: sam, s: 'away' }, { token: agent }), 'FORBIDDEN');
    const erin = await api.signIn('erin.employee@example.com');
    const erinId = (await sys.person('erin.employee@example.com')).userId;
    failsWith(await api.gql(STATUS, { u: erinId, s: 'away' }, { token: erin }), 'FORBIDDEN');
    const statuses = await sys.db.selectFrom('users').select('status').where('id', 'in', [sam, erinId]).execute();
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['active', 'active'],
    );
  });

  it('lists people: admins everyone by role and status, coordinators only their groups', async () => {
    const USERS = `query ($r: String, $s: String) { users(role: $r, status: $s) { email } }`;
    const admins = await api.gql<{ users: { email: string }[] }>(USERS, { r: 'ADMIN' }, { token: ada });
    assert.deepEqual(admins.data!.users, [{ email: 'admin@example.com' }]);
    const mine = await api.gql<{ users: { email: string }[] }>(USERS, {}, { token: cora });
    assert.deepEqual(
      mine.data!.users.map((u) => u.email),
      ['cora.coordinator@example.com', 'sam.agent@example.com', 'sara.agent@example.com', 'sid.agent@example.com'],
    );
    const agents = await api.gql<{ users: { email: string }[] }>(USERS, { r: 'AGENT', s: 'active' }, { token: cora });
    assert.deepEqual(
      agents.data!.users.map((u) => u.email),
      ['sam.agent@example.com', 'sara.agent@example.com', 'sid.agent@example.com'],
    );
    failsWith(await api.gql(USERS, { s: 'sleepy' }, { token: ada }), 'BAD_USER_INPUT');
  });

  it('creates groups and adds and removes members, audited; only staff join', async () => {
    const GROUP = `mutation { createGroup(key: "night-shift", name: "Night shift") { key name members { email } } }`;
    const ADD = `mutation ($g: String!, $u: ID!) { addGroupMember(group: $g, userId: $u) { members { email status } } }`;
    const REMOVE = `mutation ($g: String!, $u: ID!) { removeGroupMember(group: $g, userId: $u) { members { email } } }`;
    assert.deepEqual((await api.gql(GROUP, {}, { token: ada })).data, {
      createGroup: { key: 'night-shift', name: 'Night shift', members: [] },
    });
    failsWith(await api.gql(GROUP, {}, { token: ada }), 'CONFLICT');
    const { id, email } = await newUser('AGENT');
    assert.deepEqual((await api.gql(ADD, { g: 'night-shift', u: id }, { token: ada })).data, {
      addGroupMember: { members: [{ email, status: 'active' }] },
    });
    const erinId = (await sys.person('erin.employee@example.com')).userId;
    failsWith(await api.gql(ADD, { g: 'night-shift', u: erinId }, { token: ada }), 'BAD_USER_INPUT');
    failsWith(await api.gql(ADD, { g: 'no-such-group', u: id }, { token: ada }), 'NOT_FOUND');

    const groups = await api.gql<{ groups: { key: string; members: { email: string }[] }[] }>(
      '{ groups { key members { email } } }',
      {},
      { token: cora },
    );
    assert.deepEqual(groups.data!.groups.find((g) => g.key === 'night-shift')!.members, [{ email }]);

    assert.deepEqual((await api.gql(REMOVE, { g: 'night-shift', u: id }, { token: ada })).data, {
      removeGroupMember: { members: [] },
    });
    failsWith(await api.gql(REMOVE, { g: 'night-shift', u: id }, { token: ada }), 'NOT_FOUND');
    assert.deepEqual(await auditOf('group:night-shift'), [
      { actor: adaId, action: 'group.created', details: { name: 'Night shift' } },
      { actor: adaId, action: 'group.member_added', details: { userId: id, email } },
      { actor: adaId, action: 'group.member_removed', details: { userId: id, email } },
    ]);
  });

  it('pages through the audit log, newest first', async () => {
    const AUDIT = `query ($f: Int, $a: String) { auditLog(first: $f, after: $a) { nodes { id action subject } pageInfo { hasNextPage endCursor } } }`;
    type Page = { auditLog: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const all = await sys.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').execute();
    assert.ok(all.length > 3);
    const seen: string[] = [];
    let afterCursor: string | undefined;
    for (;;) {
      const page = await api.gql<Page>(AUDIT, { f: 3, a: afterCursor }, { token: ada });
      assert.ok(page.data, JSON.stringify(page.errors));
      seen.push(...page.data.auditLog.nodes.map((n) => String(n.id)));
      if (!page.data.auditLog.pageInfo.hasNextPage) break;
      afterCursor = page.data.auditLog.pageInfo.endCursor;
    }
    assert.deepEqual(
      seen,
      all.map((row) => String(row.id)),
    );
    failsWith(await api.gql(AUDIT, { f: 3, a: 'not a cursor' }, { token: ada }), 'BAD_USER_INPUT');
    failsWith(await api.gql(AUDIT, { f: 0 }, { token: ada }), 'BAD_USER_INPUT');
  });
});
