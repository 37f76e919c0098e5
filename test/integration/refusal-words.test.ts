// Refusals in people's words, over GraphQL on real servers: board drops and moves name states and
// transitions by their labels (and the process version a ticket follows), staff-only changes name what
// they change, the machine-readable reason stays in extensions, and a drop refused before it reaches the
// workflow is recorded on the ticket's timeline like every other refusal, changing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishDefinition } from '../../platform/processes/processes.js';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const CREATE = `mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }`;
const MOVE = `mutation ($n: String!, $to: String!, $t: String, $f: JSON) {
  moveTicket(number: $n, toState: $to, transition: $t, fields: $f) { state version }
}`;
const FIELDS = `mutation ($n: String!, $f: JSON!) { setTicketFields(number: $n, fields: $f) { version } }`;
const TICKET = `query ($n: String!) { ticket(number: $n) { state version timeline { type data } } }`;

type Ticket = { state: string; version: number; timeline: { type: string; data: Record<string, unknown> }[] };

describe('refusals in words', () => {
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

  const submit = async (title: string) => {
    const result = await api.gql<{ createTicket: { number: string } }>(
      CREATE,
      { i: { process: 'it-support', title, fields: { category: 'hardware' } } },
      { token: erin },
    );
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.createTicket.number;
  };
  const read = async (number: string) =>
    (await api.gql<{ ticket: Ticket }>(TICKET, { n: number }, { token: sam })).data!.ticket;

  it('a drop onto a column no transition leads to names both states, is recorded, and changes nothing', async () => {
    const number = await submit('Drop onto Closed');
    const started = await api.gql(MOVE, { n: number, to: 'in_progress' }, { token: sam });
    assert.ok(!started.errors, JSON.stringify(started.errors));
    const before = await read(number);
    const refused = failsWith(
      await api.gql(MOVE, { n: number, to: 'closed' }, { token: sam }),
      'INVALID_TRANSITION',
      'NOT_FROM_STATE',
    );
    assert.equal(refused.message, 'You cannot move this ticket from In progress to Closed');
    const after = await read(number);
    assert.deepEqual([after.state, after.version], [before.state, before.version]);
    const refusals = after.timeline.filter((e) => e.type === 'refused');
    assert.deepEqual(
      refusals.map((e) => [e.data.reason, e.data.message]),
      [['NOT_FROM_STATE', 'You cannot move this ticket from In progress to Closed']],
    );
    const logged = await sys.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject', '=', `ticket:${number}`)
      .where('action', '=', 'move.refused')
      .execute();
    assert.equal(logged.length, 1);
    assert.equal((logged[0]!.details as { toState?: string }).toState, 'closed');
  });

  it('a move without a required field names the transition and the field by their labels', async () => {
    const number = await submit('Ask without a question');
    await api.gql(MOVE, { n: number, to: 'in_progress' }, { token: sam });
    const refused = failsWith(
      await api.gql(MOVE, { n: number, to: 'waiting_on_requester' }, { token: sam }),
      'BAD_USER_INPUT',
      'REQUIRED_FIELD_MISSING',
    );
    assert.equal(refused.message, 'Ask the requester needs Question to the requester');
    assert.deepEqual(refused.extensions.problems, [
      { path: 'question', message: 'Question to the requester is required' },
    ]);
    assert.equal((await read(number)).state, 'in_progress');
  });

  it('a change only staff make says what it changes', async () => {
    const number = await submit('Fields by the requester');
    const refused = failsWith(
      await api.gql(FIELDS, { n: number, f: { resolution: 'Fixed it myself' } }, { token: erin }),
      'FORBIDDEN',
      'NOT_ALLOWED',
    );
    assert.equal(refused.message, 'only agents, coordinators and admins set Resolution');
  });

  it('a drop onto a state of a newer version says which version the ticket follows', async () => {
    const number = await submit('Started on version 1');
    const v2 = structuredClone(loadSampleProcess('it-support')) as ProcessDefinition;
    v2.states.push({ key: 'on_hold', label: 'On hold', category: 'waiting' });
    v2.transitions.push({ key: 'hold', label: 'Hold', from: ['in_progress'], to: 'on_hold', by: ['AGENT'] });
    v2.transitions.push({ key: 'unhold', label: 'Resume', from: ['on_hold'], to: 'in_progress', by: ['AGENT'] });
    const published = await publishDefinition(sys.db, v2, 'admin@example.com');
    const refused = failsWith(await api.gql(MOVE, { n: number, to: 'on_hold' }, { token: sam }), 'BAD_USER_INPUT');
    assert.equal(
      refused.message,
      `This ticket follows version ${published.version - 1} of IT support request, which has no state On hold`,
    );
    assert.deepEqual(refused.extensions.fields, ['toState']);
    assert.equal((await read(number)).state, 'new');
  });
});
