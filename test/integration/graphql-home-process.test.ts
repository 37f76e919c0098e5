// The board a person lands on (Query.homeProcess): the process their group works — its queue first,
// then one that sends tickets to the group — for agents, coordinators and admins who are in a group;
// null for employees and staff in no such group; a retired process is no one's home. Nothing is changed
// by asking.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addMember, removeMember } from '../../platform/people/groups.js';
import { restoreProcess, retireProcess } from '../../platform/processes/retirement.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

describe('the board one lands on', () => {
  let sys: TestSystem;
  let api: TestApi;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const homeOf = async (email: string) => {
    const result = await api.gql<{ homeProcess: string | null }>(
      '{ homeProcess }',
      {},
      { token: await api.signIn(email) },
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.homeProcess;
  };

  it("is the process whose queue is the person's group", async () => {
    assert.equal(await homeOf('sam.agent@example.com'), 'it-support');
    assert.equal(await homeOf('cora.coordinator@example.com'), 'it-support');
    assert.equal(await homeOf('erik.engineer@example.com'), 'engineering-change');
    assert.equal(await homeOf('tia.support@example.com'), 'customer-case');
  });

  it('is a process that sends tickets to the group, for a group that is no queue (the second tier)', async () => {
    assert.equal(await homeOf('tara.specialist@example.com'), 'customer-case');
  });

  it('is none for employees, nor for an admin in no group; an admin in a group gets its process', async () => {
    assert.equal(await homeOf('erin.employee@example.com'), null);
    assert.equal(await homeOf('admin@example.com'), null);
    await addMember(sys.db, 'engineering', 'admin@example.com');
    try {
      assert.equal(await homeOf('admin@example.com'), 'engineering-change');
    } finally {
      await removeMember(sys.db, 'engineering', 'admin@example.com');
    }
  });

  it('skips a retired process', async () => {
    await retireProcess(sys.db, 'engineering-change', 'test');
    try {
      assert.equal(await homeOf('erik.engineer@example.com'), null);
    } finally {
      await restoreProcess(sys.db, 'engineering-change', 'test');
    }
    assert.equal(await homeOf('erik.engineer@example.com'), 'engineering-change');
  });

  it('is for people signed in', async () => {
    failsWith(await api.gql('{ homeProcess }'), 'UNAUTHENTICATED');
  });
});
