// The reports' plans at scale: 100,000 tickets seeded straight into Postgres (seed-tickets.ts), then
// EXPLAIN ANALYZE of each report's very SQL (api/tickets/reports.ts reportQueries) over 90 days, per
// group and per agent, as an agent and as an admin. Run: npx tsx test/bench/reports-explain.ts
// (TEST_DATABASE_URL set); prints each plan's time and any sequential scan of tickets, and the first
// response's time without the index of migration 2026-12-07-81 too (PLANS=1: the plans themselves).
import pg from 'pg';
import { getUserByEmail } from '../../platform/people/users.js';
import { reportQueries, type ReportGrouping } from '../../api/tickets/reports.js';
import { parsePeriod, todayUtc } from '../../api/tickets/report-period.js';
import type { Person } from '../../workflows/ticket/model.js';
import { startTestSystem } from '../support/system.js';
import { seedTickets } from './seed-tickets.js';

const TICKETS = 100_000;

const sys = await startTestSystem({ worker: false });
const client = new pg.Client({ connectionString: sys.url });
try {
  console.log('seeded', await seedTickets(sys.db, TICKETS));
  await client.connect();
  await client.query('analyze');
  const sam = await getUserByEmail(sys.db, 'sam.agent@example.com');
  const ada = await getUserByEmail(sys.db, 'admin@example.com');
  const today = todayUtc();
  const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
  const period = parsePeriod(from, today);
  for (const [who, person] of [
    ['agent', { userId: sam.id, role: sam.role }],
    ['admin', { userId: ada.id, role: ada.role }],
  ] as [string, Person][])
    for (const by of ['GROUP', 'AGENT'] as ReportGrouping[]) {
      const queries = reportQueries(sys.db, person, period, by, today);
      for (const [name, query] of Object.entries(queries)) {
        const { sql, parameters } = query.compile();
        const { rows } = await client.query(`explain (analyze, buffers) ${sql}`, parameters as unknown[]);
        const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        const time = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1];
        const scans = plan.match(/Seq Scan on tickets[^\n]*/g) ?? [];
        console.log(`${name} by ${by} as ${who}: ${time} ms${scans.length ? `; ${scans.join('; ')}` : ''}`);
        if (process.env.PLANS) console.log(plan);
        if (name === 'responses') {
          // Before migration 2026-12-07-81: the same plan without its index (dropped in a transaction undone).
          await client.query('begin');
          await client.query('drop index ticket_events_public_comments_idx');
          const before = await client.query(`explain (analyze, buffers) ${sql}`, parameters as unknown[]);
          await client.query('rollback');
          const text = before.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
          console.log(
            `  without ticket_events_public_comments_idx: ${/Execution Time: ([\d.]+) ms/.exec(text)?.[1]} ms`,
          );
          if (process.env.PLANS) console.log(text);
        }
      }
    }
} finally {
  await client.end();
  await sys.stop();
}
