// The dashboard's figures, over the tickets the person may see (the same rule as every read): open
// tickets per state, SLA breaches per day, time to resolve, and the load on each person working tickets.
// Each figure is one aggregate query in Postgres; nothing is read ticket by ticket.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/store/db.js';
import { parseInput } from '../../platform/validate.js';
import type { Person } from '../../workflows/ticket/model.js';
import { slaFilters, visibleTo } from '../../platform/tickets/queries.js';

/** The process's name in its latest version (the key when it has none). */
export const processName = sql<string>`coalesce((select definition->>'name' from process_versions pv where pv.key = tickets.process_key order by pv.version desc limit 1), tickets.process_key)`;
/** The state's label in the process's latest version that has the state (the key when none has). */
const stateLabel = sql<string>`coalesce((select s->>'label' from process_versions pv, jsonb_array_elements(pv.definition->'states') s where pv.key = tickets.process_key and s->>'key' = tickets.state order by pv.version desc limit 1), tickets.state, '')`;

const window = z.object({ days: z.number().int().min(1).max(366) });

/** One person's open tickets as the dashboard counts them; PersonLoad.user loads the person. */
export type PersonLoad = Awaited<ReturnType<typeof dashboardOf>>['loadPerPerson'][number];

export async function dashboardOf(db: Db, person: Person, rawDays: number) {
  const { days } = parseInput(window, { days: rawDays });
  const since = new Date(Date.now() - days * 86_400_000);
  const visible = db.selectFrom('tickets').where(visibleTo(person));
  const [openByState, breaches, resolution, load] = await Promise.all([
    visible
      .where('done_at', 'is', null)
      .select([
        'process_key as process',
        'state',
        processName.as('processName'),
        stateLabel.as('stateLabel'),
        (eb) => eb.fn.countAll<string>().as('count'),
      ])
      .groupBy(['process_key', 'state'])
      .orderBy('process_key')
      .orderBy('state')
      .execute(),
    db
      .selectFrom('ticket_events as e')
      .innerJoin('tickets', 'tickets.id', 'e.ticket_id')
      .where(visibleTo(person))
      .where('e.type', '=', 'sla_breached')
      .where('e.at', '>=', since)
      .select([
        sql<string>`to_char(date_trunc('day', e.at), 'YYYY-MM-DD')`.as('day'),
        (eb) => eb.fn.countAll<string>().as('count'),
      ])
      .groupBy(sql`date_trunc('day', e.at)`)
      .orderBy(sql`date_trunc('day', e.at)`)
      .execute(),
    visible
      .where('done_at', '>=', since)
      .select([
        'process_key as process',
        processName.as('processName'),
        (eb) => eb.fn.countAll<string>().as('closed'),
        sql<number>`percentile_cont(0.5) within group (order by extract(epoch from done_at - created_at)) / 3600`.as(
          'median',
        ),
        sql<number>`percentile_cont(0.9) within group (order by extract(epoch from done_at - created_at)) / 3600`.as(
          'p90',
        ),
      ])
      .groupBy('process_key')
      .orderBy('process_key')
      .execute(),
    visible
      .where('done_at', 'is', null)
      .where('assignee_id', 'is not', null)
      .select([
        'assignee_id',
        (eb) => eb.fn.countAll<string>().as('open'),
        sql<string>`count(*) filter (where ${slaFilters.AT_RISK})`.as('atRisk'),
        sql<string>`count(*) filter (where ${slaFilters.BREACHED})`.as('breached'),
      ])
      .groupBy('assignee_id')
      .orderBy(sql`count(*)`, 'desc')
      .execute(),
  ]);
  return {
    days,
    openByState: openByState.map((r) => ({
      process: r.process,
      processName: r.processName,
      state: r.state ?? '',
      stateLabel: r.stateLabel,
      count: Number(r.count),
    })),
    breachesPerDay: breaches.map((r) => ({ day: r.day, count: Number(r.count) })),
    resolution: resolution.map((r) => ({
      process: r.process,
      processName: r.processName,
      closed: Number(r.closed),
      medianHours: Number(r.median),
      p90Hours: Number(r.p90),
    })),
    loadPerPerson: load.map((r) => ({
      userId: r.assignee_id!,
      open: Number(r.open),
      atRisk: Number(r.atRisk),
      breached: Number(r.breached),
    })),
  };
}
