// The dashboard over GraphQL on real servers: its figures come from real tickets (an SLA that breached,
// a ticket done by its timer), only over the tickets the viewer may see, and a bad window is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishDefinition } from '../../platform/processes/processes.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { fastItSupport } from '../support/fast-process.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

const DASHBOARD = `query ($d: Int) { dashboard(days: $d) {
  days
  openByState { process processName state stateLabel count }
  breachesPerDay { day count }
  resolution { process processName closed medianHours p90Hours }
  loadPerPerson { user { email } open atRisk breached }
} }`;

type Dashboard = {
  days: number;
  openByState: { process: string; processName: string; state: string; stateLabel: string; count: number }[];
  breachesPerDay: { day: string; count: number }[];
  resolution: { process: string; processName: string; closed: number; medianHours: number; p90Hours: number }[];
  loadPerPerson: { user: { email: string }; open: number; atRisk: number; breached: number }[];
};

describe('the dashboard over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    await publishDefinition(sys.db, fastItSupport({ firstResponse: 'PT2S', resolution: 'PT1H' }), 'test');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const read = async (email: string, days?: number) => {
    const result = await api.gql<{ dashboard: Dashboard }>(DASHBOARD, { d: days }, { token: await api.signIn(email) });
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.dashboard;
  };

  it(
    'counts open tickets, breaches, resolution times and load over what the viewer may see',
    { timeout: 90_000 },
    async () => {
      const erin = await sys.person('erin.employee@example.com');
      const sam = await sys.person('sam.agent@example.com');
      const submit = async (title: string) => {
        const { ticket } = await sys.tickets.create(
          { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'access' } },
          erin,
        );
        return (await sys.tickets.settle(ticket.number)).number;
      };
      const waiting = await submit('Nobody answers');
      const done = await submit('Quickly done');
      await sys.tickets.move(done, sam, { transition: 'start' });
      await sys.tickets.move(done, sam, { transition: 'resolve', fields: { resolution: 'Reset the password' } });
      // The fast process closes a resolved ticket after 2 s, and breaches the first response after 2 s.
      await eventually(async () => (await sys.tickets.get(done)).done_at ?? undefined, 30_000, 'the auto-close');
      await eventually(
        async () =>
          JSON.stringify((await sys.tickets.get(waiting)).slas).includes('"breached":true') ? true : undefined,
        30_000,
        'the breach',
      );

      const cora = await read('cora.coordinator@example.com');
      assert.equal(cora.days, 30);
      const fresh = cora.openByState.find((s) => s.process === 'it-support' && s.state === 'new');
      assert.equal(fresh?.count, 1, JSON.stringify(cora.openByState));
      // Names and labels as the latest definition has them, for people to read.
      assert.deepEqual([fresh.processName, fresh.stateLabel], ['IT support request', 'New']);
      const today = new Date().toISOString().slice(0, 10);
      assert.ok(
        (cora.breachesPerDay.find((d) => d.day === today)?.count ?? 0) >= 1,
        JSON.stringify(cora.breachesPerDay),
      );
      const resolved = cora.resolution.find((r) => r.process === 'it-support');
      assert.equal(resolved?.closed, 1);
      assert.equal(resolved.processName, 'IT support request');
      assert.ok(resolved!.medianHours > 0 && resolved!.medianHours < 1, String(resolved!.medianHours));
      const assignee = (await sys.tickets.get(waiting)).assignee_id;
      const loaded = cora.loadPerPerson.find((l) => l.open === 1 && l.breached === 1);
      assert.ok(assignee && loaded, JSON.stringify(cora.loadPerPerson));

      // An agent of another group sees none of the service desk's tickets in the figures either.
      const erik = await read('erik.engineer@example.com');
      assert.deepEqual(
        erik.openByState.filter((s) => s.process === 'it-support'),
        [],
      );
      assert.deepEqual(erik.loadPerPerson, []);
      assert.deepEqual(erik.breachesPerDay, []);
    },
  );

  it('refuses a window out of range and employees', async () => {
    const admin = await api.signIn('admin@example.com');
    for (const days of [0, -1, 367]) {
      const refused = failsWith(await api.gql(DASHBOARD, { d: days }, { token: admin }), 'BAD_USER_INPUT');
      assert.deepEqual(refused.extensions.fields, ['days']);
    }
    failsWith(await api.gql(DASHBOARD, {}, { token: await api.signIn('erin.employee@example.com') }), 'FORBIDDEN');
  });
});
