// The reports of the dashboard: over the tickets a person may see that were created in a period (the
// cohort, which every figure's list in the queue shows too), per group, process or agent (assignee):
// first response time, the backlog still open by age, and SLAs met and breached. One grouped query per
// report; nothing is read ticket by ticket.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/store/db.js';
import { firstStaffReply } from '../../platform/tickets/first-response.js';
import { slaFilters, visibleTo } from '../../platform/tickets/queries.js';
import { AppError } from '../../platform/errors.js';
import { isStaffRole } from '../../workflows/process/vocabulary.js';
import type { Person } from '../../workflows/ticket/model.js';
import { processName } from './dashboard.js';
import { parsePeriod, todayUtc, type ReportPeriod } from './report-period.js';

export type ReportGrouping = 'GROUP' | 'PROCESS' | 'AGENT';

/** Each grouping's key (null: no assignee) and its label, words for people (names, never keys). */
const groupings: Record<ReportGrouping, { key: RawBuilder<string | null>; label: RawBuilder<string> }> = {
  GROUP: {
    key: sql`tickets.group_key`,
    label: sql`coalesce((select g.name from groups g where g.key = tickets.group_key), tickets.group_key)`,
  },
  PROCESS: { key: sql`tickets.process_key`, label: processName },
  AGENT: {
    key: sql`tickets.assignee_id`,
    label: sql`coalesce((select u.name from users u where u.id = tickets.assignee_id), 'Unassigned')`,
  },
};

/** The backlog's age buckets in whole UTC days since creation: [from, until) days old (until null: on). */
export const AGE_BUCKETS = [
  { name: 'underOneDay', from: 0, until: 1 },
  { name: 'oneToThreeDays', from: 1, until: 3 },
  { name: 'threeToSevenDays', from: 3, until: 7 },
  { name: 'sevenToThirtyDays', from: 7, until: 30 },
  { name: 'overThirtyDays', from: 30, until: null },
] as const;

const hours = (seconds: unknown) => (seconds === null ? null : Number(seconds) / 3600);

/** The three reports' queries, not yet run: exported so that the benchmark can explain the very SQL. */
export function reportQueries(db: Db, person: Person, period: ReportPeriod, by: ReportGrouping, asOf: string) {
  const { key, label } = groupings[by];
  const cohort = db
    .selectFrom('tickets')
    .where(visibleTo(person))
    .where('tickets.created_at', '>=', period.start)
    .where('tickets.created_at', '<', period.end);
  const age = sql<number>`(${asOf}::date - (tickets.created_at at time zone 'UTC')::date)`;
  return {
    responses: cohort
      .select([
        key.as('key'),
        label.as('label'),
        (eb) => eb.fn.countAll<string>().as('created'),
        sql<string>`count(reply.at)`.as('answered'),
        sql<
          number | null
        >`percentile_cont(0.5) within group (order by extract(epoch from reply.at - tickets.created_at))`.as('median'),
        sql<
          number | null
        >`percentile_cont(0.9) within group (order by extract(epoch from reply.at - tickets.created_at))`.as('p90'),
      ])
      .leftJoinLateral(sql<{ at: Date | null }>`(select ${firstStaffReply} as at)`.as('reply'), (join) => join.onTrue())
      .groupBy(key)
      .orderBy(label),
    backlog: cohort
      .where('tickets.done_at', 'is', null)
      .select([
        key.as('key'),
        label.as('label'),
        (eb) => eb.fn.countAll<string>().as('open'),
        ...AGE_BUCKETS.map((b) =>
          (b.until === null
            ? sql<string>`count(*) filter (where ${age} >= ${b.from})`
            : sql<string>`count(*) filter (where ${age} >= ${b.from} and ${age} < ${b.until})`
          ).as(b.name),
        ),
      ])
      .groupBy(key)
      .orderBy(label),
    slas: cohort
      .select([
        key.as('key'),
        label.as('label'),
        (eb) => eb.fn.countAll<string>().as('created'),
        sql<string>`count(*) filter (where ${slaFilters.MET})`.as('met'),
        sql<string>`count(*) filter (where ${slaFilters.BREACHED})`.as('breached'),
      ])
      .groupBy(key)
      .orderBy(label),
  };
}

export async function reportsOf(db: Db, person: Person, raw: { from: string; to: string; by: ReportGrouping }) {
  if (!isStaffRole(person.role)) throw new AppError('FORBIDDEN', 'reports are for staff', { reason: 'STAFF_ONLY' });
  const period = parsePeriod(raw.from, raw.to);
  const asOf = todayUtc();
  const queries = reportQueries(db, person, period, raw.by, asOf);
  // Independent: each on a connection of its own, at the same time.
  const [responses, backlog, slas] = await Promise.all([
    queries.responses.execute(),
    queries.backlog.execute(),
    queries.slas.execute(),
  ]);
  return {
    from: period.from,
    to: period.to,
    by: raw.by,
    asOf,
    firstResponse: responses.map((r) => ({
      key: r.key,
      label: r.label,
      created: Number(r.created),
      answered: Number(r.answered),
      unanswered: Number(r.created) - Number(r.answered),
      medianHours: hours(r.median),
      p90Hours: hours(r.p90),
    })),
    backlog: backlog.map((r) => ({
      key: r.key,
      label: r.label,
      open: Number(r.open),
      ...(Object.fromEntries(AGE_BUCKETS.map((b) => [b.name, Number(r[b.name])])) as Record<
        (typeof AGE_BUCKETS)[number]['name'],
        number
      >),
    })),
    sla: slas.map((r) => {
      const met = Number(r.met);
      const breached = Number(r.breached);
      return {
        key: r.key,
        label: r.label,
        created: Number(r.created),
        met,
        breached,
        metShare: met + breached === 0 ? null : met / (met + breached),
      };
    }),
  };
}

export type Reports = Awaited<ReturnType<typeof reportsOf>>;
export type { ReportPeriod };
