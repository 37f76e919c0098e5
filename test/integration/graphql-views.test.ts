// Saved views of the queue over GraphQL on real servers (issue 18): the built-in views every staff
// person has; personal views their owner's alone; a view shared with a group seen by its members only
// and changed only by its coordinators and admins (FORBIDDEN in words otherwise, NOT_FOUND to those who
// do not see it); the default view and what happens when it goes; bad input refused with the input
// named, and nothing changed by a refusal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const VIEWS = '{ views { id name kind group filter sort columns isDefault mayEdit } }';
const CREATE =
  'mutation ($i: QueueViewInput!) { createView(input: $i) { id name kind group filter sort columns mayEdit } }';
const UPDATE = 'mutation ($id: ID!, $i: QueueViewInput!) { updateView(id: $id, input: $i) { id name sort filter } }';
type View = {
  id: string;
  name: string;
  kind: string;
  group: string | null;
  filter: Record<string, unknown>;
  sort: string;
  columns: string[];
  isDefault: boolean;
  mayEdit: boolean;
};

describe('saved views of the queue over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  const token: Record<string, string> = {};

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    for (const who of [
      'sam.agent',
      'sara.agent',
      'cora.coordinator',
      'carl.coordinator',
      'erik.engineer',
      'erin.employee',
    ])
      token[who.split('.')[0]!] = await api.signIn(`${who}@example.com`);
    token.ada = await api.signIn('admin@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const gql = (who: string, query: string, variables: Record<string, unknown> = {}) =>
    api.gql<Record<string, unknown>>(query, variables, { token: token[who] });
  const views = async (who: string) => {
    const result = await gql(who, VIEWS);
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.views as View[];
  };
  const created = (result: GraphQLResponse<Record<string, unknown>>) => {
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.createView as View;
  };

  it('gives every staff person the built-in views, "My open tickets" the default; employees none', async () => {
    const list = await views('sam');
    assert.deepEqual(
      list.map((v) => [v.id, v.name, v.kind, v.isDefault, v.mayEdit]),
      [
        ['mine', 'My open tickets', 'BUILT_IN', true, false],
        ['unassigned', 'Unassigned in my groups', 'BUILT_IN', false, false],
        ['open', 'All open', 'BUILT_IN', false, false],
      ],
    );
    failsWith(await gql('erin', VIEWS), 'FORBIDDEN');
    failsWith(await gql('erin', CREATE, { i: { name: 'Mine' } }), 'FORBIDDEN');
  });

  it("keeps a personal view its owner's alone", async () => {
    const view = created(
      await gql('sam', CREATE, {
        i: { name: 'Urgent printers', filter: { priority: 'urgent', text: 'printer' }, sort: 'PRIORITY' },
      }),
    );
    assert.equal(view.kind, 'PERSONAL');
    assert.deepEqual(view.filter, { priority: 'urgent', text: 'printer' });
    assert.equal(view.mayEdit, true);
    assert.ok((await views('sam')).some((v) => v.id === view.id));
    for (const other of ['sara', 'cora', 'erik'])
      assert.ok(!(await views(other)).some((v) => v.id === view.id), `${other} does not see it`);
    failsWith(await gql('sara', UPDATE, { id: view.id, i: { name: 'Mine now' } }), 'NOT_FOUND');
    failsWith(await gql('sara', 'mutation ($id: ID!) { deleteView(id: $id) }', { id: view.id }), 'NOT_FOUND');
    const renamed = await gql('sam', UPDATE, { id: view.id, i: { name: 'Urgent printers!', sort: 'SLA' } });
    assert.deepEqual(renamed.data, {
      updateView: {
        id: view.id,
        name: 'Urgent printers!',
        sort: 'SLA',
        filter: { priority: 'urgent', text: 'printer' },
      },
    });
  });

  it('shares a view with a group: its members see it, its coordinators and admins change it', async () => {
    const refused = failsWith(
      await gql('sam', CREATE, { i: { name: 'Desk triage', group: 'service-desk', filter: { unassigned: true } } }),
      'FORBIDDEN',
    );
    assert.match(refused.message, /Only coordinators of the group service-desk and admins share views with it/);
    failsWith(await gql('carl', CREATE, { i: { name: 'Desk triage', group: 'service-desk' } }), 'FORBIDDEN');
    failsWith(await gql('cora', CREATE, { i: { name: 'Desk triage', group: 'no-such-group' } }), 'NOT_FOUND');
    const view = created(
      await gql('cora', CREATE, {
        i: { name: 'Desk triage', group: 'service-desk', filter: { unassigned: true, open: true } },
      }),
    );
    assert.deepEqual([view.kind, view.group, view.mayEdit], ['SHARED', 'service-desk', true]);
    const samSees = (await views('sam')).find((v) => v.id === view.id);
    assert.deepEqual([samSees?.name, samSees?.mayEdit], ['Desk triage', false]);
    assert.ok(!(await views('erik')).some((v) => v.id === view.id), 'not a member: not shown');
    assert.ok((await views('ada')).find((v) => v.id === view.id)?.mayEdit, 'admins see and change every shared view');
    const samRefused = failsWith(await gql('sam', UPDATE, { id: view.id, i: { name: 'Mine' } }), 'FORBIDDEN');
    assert.match(
      samRefused.message,
      /"Desk triage" is shared with the group service-desk: only its coordinators and admins change it/,
    );
    failsWith(await gql('erik', UPDATE, { id: view.id, i: { name: 'Mine' } }), 'NOT_FOUND');
    failsWith(
      await gql('erik', '{ queue(view: $v) { totalCount } }'.replace('{ queue', 'query ($v: ID) { queue'), {
        v: view.id,
      }),
      'NOT_FOUND',
    );
    const byAdmin = await gql('ada', UPDATE, { id: view.id, i: { sort: 'UPDATED' } });
    assert.ok(byAdmin.data, JSON.stringify(byAdmin.errors));

    // Sam lands on it once he chooses it; when it goes, on "My open tickets" again.
    const chosen = await gql('sam', 'mutation ($id: ID!) { setDefaultView(id: $id) { id isDefault } }', {
      id: view.id,
    });
    assert.deepEqual(chosen.data, { setDefaultView: { id: view.id, isDefault: true } });
    assert.equal((await views('sam')).find((v) => v.isDefault)?.id, view.id);
    failsWith(
      await gql('erik', 'mutation ($id: ID!) { setDefaultView(id: $id) { id } }', { id: view.id }),
      'NOT_FOUND',
    );
    failsWith(await gql('sam', 'mutation ($id: ID!) { deleteView(id: $id) }', { id: view.id }), 'FORBIDDEN');
    const removed = await gql('cora', 'mutation ($id: ID!) { deleteView(id: $id) }', { id: view.id });
    assert.deepEqual(removed.data, { deleteView: view.id });
    assert.deepEqual(
      (await views('sam')).filter((v) => v.isDefault).map((v) => v.id),
      ['mine'],
    );
  });

  it('refuses a built-in view changed, in words', async () => {
    const refused = failsWith(await gql('cora', UPDATE, { id: 'mine', i: { name: 'Mine' } }), 'FORBIDDEN');
    assert.match(refused.message, /"My open tickets" is built in/);
    failsWith(await gql('ada', 'mutation { deleteView(id: "open") }'), 'FORBIDDEN');
  });

  it('refuses bad input with the input named, and changes nothing', async () => {
    const before = await views('sara');
    const bad = async (input: Record<string, unknown>, message: RegExp, code = 'BAD_USER_INPUT') => {
      const error = failsWith(await gql('sara', CREATE, { i: input }), code);
      assert.match(error.message, message);
    };
    await bad({ filter: { open: true } }, /Name is required/);
    await bad({ name: '   ' }, /Name is required/);
    await bad({ name: 'x'.repeat(81) }, /Name is longer than 80 characters/);
    await bad({ name: 'Cols', columns: ['number', 'shoe size'] }, /Column 2: choose one of number, title/);
    await bad({ name: 'Cols', columns: [] }, /Columns/);
    await bad({ name: 'Cols', columns: ['title', 'title'] }, /Columns must not name a column twice/);
    await bad(
      { name: 'Cat', filter: { category: 'soon' } },
      /State category: choose one of new, active, waiting, done/,
    );
    await bad({ name: 'Who', filter: { assignee: 'nobody' } }, /Assignee is not a known id/);
    created(await gql('sara', CREATE, { i: { name: 'Twice' } }));
    await bad({ name: 'twice' }, /There is already a view named "twice"/, 'CONFLICT');
    const after = await views('sara');
    assert.deepEqual(
      after.filter((v) => v.name !== 'Twice'),
      before,
    );
    failsWith(await gql('sara', 'mutation { setDefaultView(id: "nowhere") { id } }'), 'NOT_FOUND');
    failsWith(
      await gql('sara', 'mutation { setDefaultView(id: "00000000-0000-0000-0000-000000000000") { id } }'),
      'NOT_FOUND',
    );
  });
});
