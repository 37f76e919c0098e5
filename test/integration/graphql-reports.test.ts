// The dashboard's reports over GraphQL on real servers: known tickets (a staff reply, a requester's reply,
// a breach, one met and closed) give known first response times, backlog ages and SLA counts; only the
// tickets created in the period and visible to the viewer count; MET selects the met ticket in the
// tickets list; bad periods and non-staff are refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { publishDefinition } from '../../platform/processes/processes.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { fastItSupport } from '../support/fast-process.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

const REPORTS = `query ($from: String!, $to: String!, $by: ReportGrouping) { reports(from: $from, to: $to, by: $by) {
  from to by asOf
  firstResponse { key label created answered unanswered medianHours p90Hours }
  backlog { key label open underOneDay oneToThreeDays threeToSevenDays sevenToThirtyDays overThirtyDays }
  sla { key label created met breached metShare }
} }`;

type Row = { key: string | null; label: string } & Record<string, number | null>;
type Reports = {
  from: string;
  to: string;
  by: string;
  asOf: string;
  firstResponse: Row[];
  backlog: Row[];
  sla: Row[];
};

const DAY = 86_400_000;
/** 10:00 UTC `days` days before today. */
const daysAgo = (days: number) => {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCHours(10, 0, 0, 0);
  return at;
};
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

describe('the reports over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    // First response breaches after 8 s; a resolved ticket closes itself after 2 s.
    await publishDefinition(sys.db, fastItSupport({ firstResponse: 'PT8S', resolution: 'PT1H' }), 'test');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const read = async (email: string, vars: { from: string; to: string; by?: string }) => {
    const result = await api.gql<{ reports: Reports }>(REPORTS, vars, { token: await api.signIn(email) });
    assert.ok(result.data, JSON.stringify(result.errors));
    return result.data.reports;
  };

  it(
    'measures first response, backlog and SLAs of the tickets created in the period',
    { timeout: 120_000 },
    async () => {
      const erin = await sys.person('erin.employee@example.com');
      const sam = await sys.person('sam.agent@example.com');
      const cora = await sys.person('cora.coordinator@example.com');
      const submit = async (title: string) => {
        const { ticket } = await sys.tickets.create(
          { process: 'it-support', title, requester: { userId: erin.userId }, fields: { category: 'access' } },
          erin,
        );
        return (await sys.tickets.settle(ticket.number)).number;
      };
      // met: answered by sam, then resolved and closed: every clock stopped, none breached.
      const met = await submit('Answered and done');
      await sys.tickets.comment(met, sam, { body: 'On it', visibility: 'public' });
      await sys.tickets.move(met, sam, { transition: 'start' });
      await sys.tickets.move(met, sam, { transition: 'resolve', fields: { resolution: 'Reset the password' } });
      // breached: only its requester writes; staff's internal note is no reply either.
      const breached = await submit('Nobody answers');
      await sys.tickets.comment(breached, erin, { body: 'Anyone?', visibility: 'public' });
      await sys.tickets.comment(breached, sam, { body: 'Later', visibility: 'internal' });
      // answered: the requester first, then a coordinator of the group.
      const answered = await submit('Answered late');
      await sys.tickets.comment(answered, erin, { body: 'Hello?', visibility: 'public' });
      await sys.tickets.comment(answered, cora, { body: 'Here', visibility: 'public' });
      // outside: created before the period.
      const outside = await submit('Long ago');
      await sys.tickets.comment(outside, sam, { body: 'Old answer', visibility: 'public' });

      await eventually(async () => (await sys.tickets.get(met)).done_at ?? undefined, 30_000, 'the auto-close');
      await eventually(
        async () =>
          JSON.stringify((await sys.tickets.get(breached)).slas).includes('"breached":true') ? true : undefined,
        30_000,
        'the breach',
      );
      await sys.tickets.settle(met);
      await sys.tickets.settle(breached);

      // Real tickets live seconds; the figures need days and hours. Move each ticket's creation and its
      // comments back in time in the read model (the only way to have known ages), keeping their order.
      const shift = async (number: string, createdAt: Date, replyAfterHours: number) => {
        const { id, created_at } = await sys.tickets.get(number);
        const by = createdAt.getTime() - created_at.getTime();
        await sql`update tickets set created_at = ${createdAt} where id = ${id}`.execute(sys.db);
        await sql`update ticket_events set at = at + ${`${by} milliseconds`}::interval where ticket_id = ${id}`.execute(
          sys.db,
        );
        await sql`update ticket_events set at = ${new Date(createdAt.getTime() + replyAfterHours * 3_600_000)}
        where ticket_id = ${id} and type = 'commented'`.execute(sys.db);
      };
      await shift(met, daysAgo(8), 2);
      await shift(breached, daysAgo(5), 1);
      await shift(answered, daysAgo(2), 6);
      await shift(outside, daysAgo(20), 1);
      // The requester's comment on `answered` came first: an hour after creation, before cora's at 6 h.
      const { id: answeredId } = await sys.tickets.get(answered);
      await sql`update ticket_events set at = ${new Date(daysAgo(2).getTime() + 3_600_000)}
      where ticket_id = ${answeredId} and type = 'commented' and actor->>'userId' = ${erin.userId}`.execute(sys.db);

      const period = { from: dayOf(daysAgo(9)), to: dayOf(daysAgo(0)) };
      const byGroup = await read('cora.coordinator@example.com', period);
      assert.equal(byGroup.asOf, dayOf(new Date()));
      assert.deepEqual(
        byGroup.firstResponse.map((r) => [r.key, r.label, r.created, r.answered, r.unanswered]),
        [['service-desk', 'Service desk', 3, 2, 1]],
      );
      // 2 h and 6 h: the median between them, nine in ten within 2 + 0.9 × 4.
      assert.ok(Math.abs(byGroup.firstResponse[0]!.medianHours! - 4) < 0.01, JSON.stringify(byGroup.firstResponse));
      assert.ok(Math.abs(byGroup.firstResponse[0]!.p90Hours! - 5.6) < 0.01, JSON.stringify(byGroup.firstResponse));
      // Still open: breached (5 days old) and answered (2 days old).
      assert.deepEqual(byGroup.backlog, [
        {
          key: 'service-desk',
          label: 'Service desk',
          open: 2,
          underOneDay: 0,
          oneToThreeDays: 1,
          threeToSevenDays: 1,
          sevenToThirtyDays: 0,
          overThirtyDays: 0,
        },
      ]);
      // Met: `met`, and `answered` too, by the contract's rule (clocks all stopped, none breached): its
      // first response stopped on cora's reply and its resolution clock starts only in progress.
      assert.deepEqual(byGroup.sla, [
        { key: 'service-desk', label: 'Service desk', created: 3, met: 2, breached: 1, metShare: 2 / 3 },
      ]);

      // The period's edges are whole days: from the day `outside` was created, it counts too.
      const wider = await read('sam.agent@example.com', { ...period, from: dayOf(daysAgo(20)) });
      assert.equal(wider.firstResponse[0]?.created, 4);
      assert.equal(wider.backlog[0]?.sevenToThirtyDays, 1);
      const before = await read('sam.agent@example.com', { from: dayOf(daysAgo(30)), to: dayOf(daysAgo(21)) });
      assert.deepEqual(before.firstResponse, []);

      // Per agent: the assignee's name, as many rows as assignees, the same tickets in all.
      const byAgent = await read('admin@example.com', { ...period, by: 'AGENT' });
      const assignees = await sys.db
        .selectFrom('tickets')
        .leftJoin('users', 'users.id', 'tickets.assignee_id')
        .select(['tickets.assignee_id', 'users.name'])
        .where('tickets.number', 'in', [met, breached, answered])
        .execute();
      assert.deepEqual(byAgent.sla.map((r) => r.key).sort(), [...new Set(assignees.map((a) => a.assignee_id))].sort());
      assert.deepEqual(
        byAgent.sla.map((r) => r.label).sort(),
        [...new Set(assignees.map((a) => a.name ?? 'Unassigned'))].sort(),
      );
      assert.equal(
        byAgent.sla.reduce((n, r) => n + (r.created ?? 0), 0),
        3,
      );
      const byProcess = await read('admin@example.com', { ...period, by: 'PROCESS' });
      assert.deepEqual(
        byProcess.sla.map((r) => [r.key, r.label, r.met, r.breached]),
        [['it-support', 'IT support request', 2, 1]],
      );

      // An agent of another group counts none of them.
      const erik = await read('erik.engineer@example.com', period);
      assert.deepEqual([erik.firstResponse, erik.backlog, erik.sla], [[], [], []]);

      // MET in the tickets list selects the met tickets, `outside` too (no period here), newest first.
      const list = await api.gql<{ tickets: { nodes: { number: string }[] } }>(
        '{ tickets(filter: { sla: MET }) { nodes { number } } }',
        {},
        { token: await api.signIn('cora.coordinator@example.com') },
      );
      assert.deepEqual(
        list.data?.tickets.nodes.map((t) => t.number),
        [answered, met, outside],
        JSON.stringify(list.errors),
      );
    },
  );

  it('refuses bad periods with the argument they name, and people who are not staff', async () => {
    const admin = await api.signIn('admin@example.com');
    const refusals: [Record<string, string>, string][] = [
      [{ from: 'last week', to: '2026-12-01' }, 'from'],
      [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
      [{ from: '2026-03-01', to: '2026-13-01' }, 'to'],
      [{ from: '2026-03-02', to: '2026-03-01' }, 'to'],
      [{ from: '2025-01-01', to: '2026-01-02' }, 'to'],
    ];
    for (const [vars, field] of refusals) {
      const refused = failsWith(await api.gql(REPORTS, vars, { token: admin }), 'BAD_USER_INPUT');
      assert.deepEqual(refused.extensions.fields, [field], JSON.stringify(vars));
      assert.match(refused.message, new RegExp(field === 'from' ? 'From' : 'To'));
    }
    // 366 days, a leap year's whole: allowed.
    const leap = await api.gql(REPORTS, { from: '2024-01-01', to: '2024-12-31' }, { token: admin });
    assert.ok(leap.data, JSON.stringify(leap.errors));
    failsWith(
      await api.gql(REPORTS, { by: 'TEAM', from: '2026-01-01', to: '2026-01-02' }, { token: admin }),
      'BAD_USER_INPUT',
    );
    failsWith(
      await api.gql(
        REPORTS,
        { from: '2026-01-01', to: '2026-01-02' },
        { token: await api.signIn('erin.employee@example.com') },
      ),
      'FORBIDDEN',
    );
  });
});
