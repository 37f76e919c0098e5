// Every report figure opens the matching list, proven on real servers: with known tickets (ages set in the
// read model as graphql-reports.test.ts does), each figure of reports(...) per group, process and agent is
// turned into its link by the web app's own functions (web/src/dashboard/report-links.ts), the link's
// address into a TicketFilter by the queue page's own (web/src/queue/params.ts), and queue(filter:) asked
// as the same person: its totalCount must be the figure. Also: the filter's firstResponse on its own, and
// a bad value of it refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { publishDefinition } from '../../platform/processes/processes.js';
import { ageHref, cohortHref, openHref, responseHref, slaHref } from '../../web/src/dashboard/report-links.js';
import { GROUPINGS, type Grouping } from '../../web/src/dashboard/report-period.js';
import { filterOf, unknownChoices } from '../../web/src/queue/params.js';
import { routes, type Href } from '../../web/src/routes.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { fastItSupport } from '../support/fast-process.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

const REPORTS = `query ($from: String!, $to: String!, $by: ReportGrouping) { reports(from: $from, to: $to, by: $by) {
  from to asOf
  firstResponse { key created answered unanswered }
  backlog { key open underOneDay oneToThreeDays threeToSevenDays sevenToThirtyDays overThirtyDays }
  sla { key created met breached }
} }`;
const QUEUE_COUNT = 'query ($filter: TicketFilter) { queue(filter: $filter) { totalCount } }';

type Row = { key: string | null } & Record<string, number>;
type Reports = { from: string; to: string; asOf: string; firstResponse: Row[]; backlog: Row[]; sla: Row[] };

const AGES = [
  ['underOneDay', 0, 1],
  ['oneToThreeDays', 1, 3],
  ['threeToSevenDays', 3, 7],
  ['sevenToThirtyDays', 7, 30],
  ['overThirtyDays', 30, null],
] as const;

const DAY = 86_400_000;
/** 10:00 UTC `days` days before today. */
const daysAgo = (days: number) => {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCHours(10, 0, 0, 0);
  return at;
};
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** Each figure of a report with the link the dashboard gives it (null: a figure shown without a link). */
function figureLinks(report: Reports, grouping: Grouping) {
  const { from, to, asOf } = report;
  const links: { name: string; figure: number; href: Href | null }[] = [];
  const add = (row: Row, name: string, href: Href | null) =>
    links.push({ name: `${grouping.value} ${row.key ?? 'none'} ${name}`, figure: row[name]!, href });
  for (const r of report.firstResponse) {
    add(r, 'created', cohortHref(grouping, r, from, to));
    add(r, 'answered', responseHref(grouping, r, from, to, 'answered'));
    add(r, 'unanswered', responseHref(grouping, r, from, to, 'unanswered'));
  }
  for (const r of report.backlog) {
    add(r, 'open', openHref(grouping, r, from, to));
    for (const [name, fromAge, untilAge] of AGES)
      add(r, name, ageHref(grouping, r, { from, to, asOf }, fromAge, untilAge));
  }
  for (const r of report.sla) {
    add(r, 'created', cohortHref(grouping, r, from, to));
    add(r, 'met', slaHref(grouping, r, from, to, 'met'));
    add(r, 'breached', slaHref(grouping, r, from, to, 'breached'));
  }
  return links;
}

describe('every report figure opens the matching list', () => {
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

  it('counts in the queue what each figure counts, per group, process and agent', { timeout: 180_000 }, async () => {
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
    // Answered, started and resolved: closed, every clock stopped (met), with whoever started it.
    const done = await submit('Answered and done');
    await sys.tickets.comment(done, sam, { body: 'On it', visibility: 'public' });
    await sys.tickets.move(done, sam, { transition: 'start' });
    await sys.tickets.move(done, sam, { transition: 'resolve', fields: { resolution: 'Reset the password' } });
    // Only its requester writes, and staff's internal note is no reply: unanswered, breached, nobody's.
    const ignored = await submit('Nobody answers');
    await sys.tickets.comment(ignored, erin, { body: 'Anyone?', visibility: 'public' });
    await sys.tickets.comment(ignored, sam, { body: 'Later', visibility: 'internal' });
    await sys.tickets.reassign(ignored, cora, { userId: null });
    // Answered by cora and hers.
    const coras = await submit('Answered by the coordinator');
    await sys.tickets.comment(coras, cora, { body: 'Here', visibility: 'public' });
    await sys.tickets.reassign(coras, cora, { userId: cora.userId });
    // Answered today by sam and his.
    const fresh = await submit('Answered today');
    await sys.tickets.comment(fresh, sam, { body: 'Looking', visibility: 'public' });
    await sys.tickets.reassign(fresh, sam, { userId: sam.userId });
    // Old and never answered: breached, over 30 days old.
    const old = await submit('Forgotten');
    // Before the period: counts nowhere.
    const outside = await submit('Long ago');
    await sys.tickets.comment(outside, sam, { body: 'Old answer', visibility: 'public' });

    await eventually(async () => (await sys.tickets.get(done)).done_at ?? undefined, 30_000, 'the auto-close');
    for (const number of [ignored, old])
      await eventually(
        async () =>
          JSON.stringify((await sys.tickets.get(number)).slas).includes('"breached":true') ? true : undefined,
        30_000,
        `the breach of ${number}`,
      );
    for (const number of [done, ignored, coras, fresh, old, outside]) await sys.tickets.settle(number);

    // Move each ticket's creation and events back in time in the read model, keeping their order.
    const shift = async (number: string, createdAt: Date) => {
      const { id, created_at } = await sys.tickets.get(number);
      const by = createdAt.getTime() - created_at.getTime();
      await sql`update tickets set created_at = ${createdAt} where id = ${id}`.execute(sys.db);
      await sql`update ticket_events set at = at + ${`${by} milliseconds`}::interval where ticket_id = ${id}`.execute(
        sys.db,
      );
    };
    await shift(done, daysAgo(8));
    await shift(ignored, daysAgo(5));
    await shift(coras, daysAgo(2));
    await shift(fresh, daysAgo(0));
    await shift(old, daysAgo(35));
    await shift(outside, daysAgo(50));

    const period = { from: dayOf(daysAgo(40)), to: dayOf(daysAgo(0)) };
    const checked = new Map<string, number>();
    for (const email of ['cora.coordinator@example.com', 'sam.agent@example.com', 'admin@example.com']) {
      const token = await api.signIn(email);
      for (const grouping of GROUPINGS) {
        const result = await api.gql<{ reports: Reports }>(REPORTS, { ...period, by: grouping.api }, { token });
        assert.ok(result.data, JSON.stringify(result.errors));
        const report = result.data.reports;
        assert.ok(report.sla.length > 0, `${email} ${grouping.value}: rows`);
        if (grouping.api === 'AGENT') {
          // Both kinds of agent row: an assignee's, and nobody's (the unassigned link).
          const keys = JSON.stringify(report.sla);
          assert.ok(report.sla.some((r) => r.key === null) && report.sla.some((r) => r.key !== null), keys);
        }
        for (const { name, figure, href } of figureLinks(report, grouping)) {
          const what = `${email}: ${name}`;
          if (href === null) {
            assert.equal(figure, 0, `${what} has no link, so it must be 0`);
            continue;
          }
          const address = new URL(href, 'http://ticketflow.test');
          assert.ok(routes.queue.match(address.pathname), `${what} links to the queue: ${href}`);
          const filter = filterOf(address.searchParams);
          assert.ok(filter, `${what}: ${href} names a filter`);
          const listed = await api.gql<{ queue: { totalCount: number } }>(QUEUE_COUNT, { filter }, { token });
          assert.ok(listed.data, `${what}: ${JSON.stringify(listed.errors)}`);
          assert.equal(listed.data.queue.totalCount, figure, `${what}: ${href}`);
          const kind = name.split(' ').at(-1)!;
          checked.set(kind, Math.max(checked.get(kind) ?? 0, figure));
        }
      }
    }
    // Not proven on zeros: every kind of figure was matched with something to count.
    for (const kind of ['created', 'answered', 'unanswered', 'open', 'met', 'breached', 'overThirtyDays'])
      assert.ok((checked.get(kind) ?? 0) > 0, `${kind} was matched on a figure above 0`);

    // The rule on its own, as the tickets list takes it: all of it answered or not, `outside` too.
    const coraToken = await api.signIn('cora.coordinator@example.com');
    const numbers = async (firstResponse: string) => {
      const listed = await api.gql<{ tickets: { nodes: { number: string }[] } }>(
        'query ($f: TicketFilter) { tickets(filter: $f) { nodes { number } } }',
        { f: { firstResponse } },
        { token: coraToken },
      );
      assert.ok(listed.data, JSON.stringify(listed.errors));
      return listed.data.tickets.nodes.map((t) => t.number).sort();
    };
    assert.deepEqual(await numbers('ANSWERED'), [done, coras, fresh, outside].sort());
    assert.deepEqual(await numbers('UNANSWERED'), [ignored, old].sort());
    // An agent of another group sees none of them, answered or not.
    const erik = await api.gql<{ queue: { totalCount: number } }>(
      QUEUE_COUNT,
      { filter: { firstResponse: 'ANSWERED' } },
      { token: await api.signIn('erik.engineer@example.com') },
    );
    assert.equal(erik.data?.queue.totalCount, 0, JSON.stringify(erik.errors));
  });

  it('refuses a first response that is neither answered nor unanswered', async () => {
    const token = await api.signIn('sam.agent@example.com');
    failsWith(await api.gql(QUEUE_COUNT, { filter: { firstResponse: 'MAYBE' } }, { token }), 'BAD_USER_INPUT');
    // The queue page leaves a bad link's choice out of the filter and says so in words, not silently.
    const address = new URLSearchParams('firstResponse=maybe');
    assert.equal(filterOf(address), null);
    assert.deepEqual(unknownChoices(address), [
      'First response “maybe” is none of Answered, Unanswered: it is left out.',
    ]);
  });
});
