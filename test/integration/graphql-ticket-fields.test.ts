// Setting a ticket's field values over GraphQL (setTicketFields): staff of the ticket's group set them,
// long texts read back as text; every bad value comes back at once as data
// (extensions.problems) and nothing is set; the requester, who sees the ticket, is refused; a retried
// request with its update id changes the ticket once; a stale expected version is a CONFLICT.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const SET = `mutation ($n: String!, $f: JSON!, $v: Int, $u: String) {
  setTicketFields(number: $n, fields: $f, expectedVersion: $v, updateId: $u) { number version fields fieldValues }
}`;

interface Answer {
  setTicketFields: {
    number: string;
    version: number;
    fields: Record<string, unknown>;
    fieldValues: Record<string, unknown>;
  };
}

describe("a ticket's fields over GraphQL", () => {
  let sys: TestSystem;
  let api: TestApi;
  let erin: string;
  let sam: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    erin = await api.signIn('erin.employee@example.com');
    sam = await api.signIn('sam.agent@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  async function newTicket(): Promise<string> {
    const created = await api.gql<{ createTicket: { number: string } }>(
      `mutation { createTicket(input: { process: "it-support", title: "Monitor flickers",
        fields: { category: "hardware" } }) { number } }`,
      {},
      { token: erin },
    );
    assert.ok(created.data, JSON.stringify(created.errors));
    return created.data.createTicket.number;
  }

  it('sets values, and long texts read back as text', async () => {
    const n = await newTicket();
    const set = await api.gql<Answer>(
      SET,
      { n, f: { category: 'software', question: 'Which cable?' } },
      { token: sam },
    );
    assert.ok(set.data, JSON.stringify(set.errors));
    assert.equal(set.data.setTicketFields.fieldValues.category, 'software');
    assert.equal(set.data.setTicketFields.fieldValues.question, 'Which cable?');
    assert.deepEqual(Object.keys(set.data.setTicketFields.fields.question as object), ['text'], 'stored by id');
  });

  it('answers every bad value at once as data and sets none of them', async () => {
    const n = await newTicket();
    const bad = await api.gql(SET, { n, f: { category: 'teleport', colour: 'red', question: 'fine' } }, { token: sam });
    failsWith(bad, 'BAD_USER_INPUT', 'INVALID_FIELD');
    const problems = bad.errors![0]!.extensions!.problems as { path: string; message: string }[];
    const paths = problems.map((p) => p.path).sort();
    assert.ok(
      paths.some((p) => p.endsWith('category')) && paths.some((p) => p.endsWith('colour')),
      JSON.stringify(problems),
    );
    assert.ok(problems.every((p) => p.message.length > 0));
    const row = await sys.tickets.get(n);
    assert.equal(row.fields.category, 'hardware', 'nothing was set');
    assert.equal(row.fields.question, undefined);
  });

  it('refuses the requester, who sees the ticket, and anyone who does not see it', async () => {
    const n = await newTicket();
    failsWith(await api.gql(SET, { n, f: { category: 'software' } }, { token: erin }), 'FORBIDDEN', 'NOT_ALLOWED');
    const erik = await api.signIn('erik.engineer@example.com');
    failsWith(await api.gql(SET, { n, f: { category: 'software' } }, { token: erik }), 'NOT_FOUND');
    assert.equal((await sys.tickets.get(n)).fields.category, 'hardware');
  });

  it('changes the ticket once for a retried update id, and answers a stale version with CONFLICT', async () => {
    const n = await newTicket();
    const { version } = await sys.tickets.settle(n);
    const first = await api.gql<Answer>(SET, { n, f: { category: 'network' }, u: 'retry-1' }, { token: sam });
    const again = await api.gql<Answer>(SET, { n, f: { category: 'network' }, u: 'retry-1' }, { token: sam });
    assert.ok(first.data && again.data, JSON.stringify([first.errors, again.errors]));
    assert.equal(again.data.setTicketFields.version, first.data.setTicketFields.version, 'one change');
    assert.equal(first.data.setTicketFields.version, version + 1);
    failsWith(
      await api.gql(SET, { n, f: { category: 'software' }, v: version }, { token: sam }),
      'CONFLICT',
      'STALE_VERSION',
    );
  });
});
