// Retiring a process over GraphQL on real servers: it takes no new tickets (refused with a typed error,
// nothing written), forms stop offering it, its running tickets go on, and restoring undoes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishDefinition } from '../../platform/processes/processes.js';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const CREATE = `mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number state } }`;
const MOVE = `mutation ($n: String!) { moveTicket(number: $n, toState: "in_progress") { state } }`;
const FORMS = '{ ticketForms { process name version fields { key label type required options } } }';
const LIST = '{ processDefinitions { key retiredAt retiredBy } }';
const RETIRE = 'mutation ($k: String!) { retireProcess(key: $k) { key retiredAt retiredBy } }';
const RESTORE = 'mutation ($k: String!) { restoreProcess(key: $k) { key retiredAt retiredBy } }';

type Forms = { ticketForms: { process: string; fields: { key: string; required: boolean; options: string[] }[] }[] };
type Summary = { key: string; retiredAt: string | null; retiredBy: string | null };

describe('retiring a process', () => {
  let sys: TestSystem;
  let api: TestApi;
  let ada: string;
  let sam: string;
  let erin: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    await publishDefinition(
      sys.db,
      { ...(loadSampleProcess('it-support') as object), key: 'old-desk', name: 'Old desk', ticketPrefix: 'OLD' },
      'test',
    );
    ada = await api.signIn('admin@example.com');
    sam = await api.signIn('sam.agent@example.com');
    erin = await api.signIn('erin.employee@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const submit = (token: string) =>
    api.gql<{ createTicket: { number: string; state: string } }>(
      CREATE,
      { i: { process: 'old-desk', title: 'Printer', fields: { category: 'hardware' } } },
      { token },
    );
  const countTickets = async () =>
    Number(
      (
        await sys.db
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('process_key', '=', 'old-desk')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('offers every process that takes tickets as a form with its fields', async () => {
    const forms = await api.gql<Forms>(FORMS, {}, { token: erin });
    const itSupport = forms.data!.ticketForms.find((f) => f.process === 'it-support');
    assert.ok(itSupport, JSON.stringify(forms));
    const category = itSupport.fields.find((f) => f.key === 'category')!;
    assert.equal(category.required, true);
    assert.ok(category.options.includes('hardware'));
    assert.ok(forms.data!.ticketForms.some((f) => f.process === 'old-desk'));
  });

  it('refuses new tickets once retired, while running ones go on, and takes them again once restored', async () => {
    const running = (await submit(erin)).data!.createTicket.number;

    const retired = await api.gql<{ retireProcess: Summary }>(RETIRE, { k: 'old-desk' }, { token: ada });
    assert.equal(retired.errors, undefined, JSON.stringify(retired.errors));
    assert.ok(retired.data!.retireProcess.retiredAt);
    const adaId = (await sys.person('admin@example.com')).userId;
    assert.equal(retired.data!.retireProcess.retiredBy, adaId);

    const before = await countTickets();
    const refused = failsWith(await submit(erin), 'BAD_USER_INPUT', 'PROCESS_RETIRED');
    assert.deepEqual(refused.extensions.fields, ['process']);
    assert.equal(await countTickets(), before, 'a refused create writes no ticket');

    const forms = await api.gql<Forms>(FORMS, {}, { token: erin });
    assert.ok(!forms.data!.ticketForms.some((f) => f.process === 'old-desk'), 'forms no longer offer it');
    const list = await api.gql<{ processDefinitions: Summary[] }>(LIST, {}, { token: sam });
    assert.ok(list.data!.processDefinitions.find((p) => p.key === 'old-desk')!.retiredAt);
    assert.equal(list.data!.processDefinitions.find((p) => p.key === 'it-support')!.retiredAt, null);

    const moved = await api.gql<{ moveTicket: { state: string } }>(MOVE, { n: running }, { token: sam });
    assert.equal(moved.data?.moveTicket.state, 'in_progress', JSON.stringify(moved.errors));
    const board = await api.gql<{ board: { columns: { count: number }[] } }>(
      '{ board(processKey: "old-desk") { columns { count } } }',
      {},
      { token: sam },
    );
    assert.equal(
      board.data!.board.columns.reduce((sum, c) => sum + c.count, 0),
      1,
      'the board still shows it',
    );

    const again = await api.gql<{ retireProcess: Summary }>(RETIRE, { k: 'old-desk' }, { token: ada });
    assert.equal(again.data!.retireProcess.retiredAt, retired.data!.retireProcess.retiredAt, 'retiring twice is once');

    const restored = await api.gql<{ restoreProcess: Summary }>(RESTORE, { k: 'old-desk' }, { token: ada });
    assert.deepEqual(restored.data!.restoreProcess, { key: 'old-desk', retiredAt: null, retiredBy: null });
    assert.equal((await submit(erin)).data?.createTicket.state, 'new');

    const audit = await sys.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject', '=', 'process:old-desk')
      .where('action', 'in', ['process.retired', 'process.restored'])
      .orderBy('id')
      .execute();
    assert.deepEqual(audit, [
      { action: 'process.retired', actor: adaId },
      { action: 'process.restored', actor: adaId },
    ]);
  });

  it('refuses to retire or restore a process that was never published', async () => {
    failsWith(await api.gql(RETIRE, { k: 'no-such-process' }, { token: ada }), 'NOT_FOUND');
    failsWith(await api.gql(RESTORE, { k: 'no-such-process' }, { token: ada }), 'NOT_FOUND');
    const rows = await sys.db
      .selectFrom('retired_processes')
      .selectAll()
      .where('key', '=', 'no-such-process')
      .execute();
    assert.deepEqual(rows, []);
  });
});
