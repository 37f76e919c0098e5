// Reads at scale: 100,000 tickets (and 500,000 comments) seeded straight into Postgres, then the board
// (as an agent and as an admin), filtered ticket lists, the queue by SLA (reads-queue.ts) and full-text search through GraphQL, each against the very SQL its resolver runs
// (the kysely queries, compiled) sent with pg on one connection, interleaved. Goal: p95 at most 2×.
// Each query's plan (EXPLAIN ANALYZE) is printed, and any sequential scan is flagged.
import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import { getUserByEmail } from '../../platform/people/users.js';
import { boardByStateQuery, doneWindowStart } from '../../api/tickets/board-queries.js';
import { visibleTicketsQueries } from '../../platform/tickets/queries.js';
import type { Person } from '../../workflows/ticket/model.js';
import { startTestApi } from '../support/api.js';
import { startTestSystem } from '../support/system.js';
import { compare, progress, ROUNDS, say, time } from './report.js';
import { seedTickets } from './seed-tickets.js';
import { measureCommentInsert } from './comment-insert.js';
import { jumpQuery, searchQueries, snippetsQuery } from '../../platform/search/ticket-search.js';
import { queueReads } from './reads-queue.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);

/** What a board or a list shows of each ticket. */
const CARD = 'number title state priority group assignee { name } slas updatedAt';
const BOARD = `query ($p: String!) { board(processKey: $p) { process { key version } columns { state label count
  cards { totalCount nodes { ${CARD} } pageInfo { hasNextPage endCursor } } } } }`;
const TICKETS_QUERY = `query ($f: TicketFilter) { tickets(filter: $f, first: 50) { totalCount
  nodes { ${CARD} } pageInfo { hasNextPage endCursor } } }`;

const SEARCH_QUERY = `query ($q: String!) { search(query: $q) { jumpTo { number } totalCount
  hits { rank snippet { text match } ticket { ${CARD} } } pageInfo { hasNextPage endCursor } } }`;

interface Read {
  name: string;
  token: string;
  query: string;
  variables: Record<string, unknown>;
  /** The SQL the resolver runs for it, in order. */
  sql: CompiledQuery[];
}

export async function measureReads(): Promise<void> {
  const sys = await startTestSystem({ worker: false });
  const api = await startTestApi(sys);
  const client = new pg.Client({ connectionString: sys.url });
  try {
    const seeding = await time(async () => {
      const { comments, ...seeded } = await seedTickets(sys.db, TICKETS);
      say(
        `Reads: seeded ${Object.entries(seeded)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')} tickets, ${comments} comments with their search documents`,
      );
    });
    say(`  (in ${(seeding / 1000).toFixed(1)} s)`);
    await client.connect();
    const sam = await getUserByEmail(sys.db, 'sam.agent@example.com');
    const ada = await getUserByEmail(sys.db, 'admin@example.com');
    const agent: Person = { userId: sam.id, role: sam.role };
    const admin: Person = { userId: ada.id, role: ada.role };
    const tokens = { agent: await api.signIn(sam.email), admin: await api.signIn(ada.email) };

    const board = (who: 'agent' | 'admin', person: Person): Read => ({
      name: `board it-support as ${who}`,
      token: tokens[who],
      query: BOARD,
      variables: { p: 'it-support' },
      sql: [
        boardByStateQuery(sys.db, person, 'it-support', 50, { open: true }).compile(),
        boardByStateQuery(sys.db, person, 'it-support', 50, { doneSince: doneWindowStart() }).compile(),
      ],
    });
    const list = (who: 'agent' | 'admin', person: Person, label: string, filter: Record<string, unknown>): Read => {
      const { count, rows } = visibleTicketsQueries(sys.db, person, filter, { first: 50 });
      return {
        name: `tickets ${label} as ${who}`,
        token: tokens[who],
        query: TICKETS_QUERY,
        variables: { f: filter },
        sql: [count.compile(), rows.compile()],
      };
    };
    /** Full-text search: its count, its page and (for a number) its jump; the page's snippets too. */
    const search = async (who: 'agent' | 'admin', person: Person, query: string): Promise<Read> => {
      const { count, rows } = searchQueries(sys.db, person, { query, first: 20 });
      const jump = jumpQuery(sys.db, person, query);
      const ids = (await rows.execute()).slice(0, 20).map((row) => row.id);
      return {
        name: `search ${query} as ${who}`,
        token: tokens[who],
        query: SEARCH_QUERY,
        variables: { q: query },
        sql: [
          count.compile(),
          rows.compile(),
          ...(jump ? [jump.compile()] : []),
          ...(ids.length ? [snippetsQuery(sys.db, person, query, ids).compile()] : []),
        ],
      };
    };
    const reads: Read[] = [board('agent', agent), board('admin', admin)];
    for (const [who, person] of [
      ['agent', agent],
      ['admin', admin],
    ] as const) {
      reads.push(
        list(who, person, 'by state', { state: 'in_progress' }),
        list(who, person, 'by assignee', { assignee: sam.id }),
        list(who, person, 'by text', { text: 'printer' }),
        list(who, person, 'SLA at risk', { sla: 'AT_RISK', open: true }),
      );
    }

    for (const [who, person] of [
      ['agent', agent],
      ['admin', admin],
    ] as const) {
      reads.push(
        await search(who, person, 'printer'),
        await search(who, person, '"password reset" -expired'),
        await search(who, person, 'IT-000123'),
      );
    }

    reads.push(
      ...(await queueReads(sys.db, api, 'agent', agent, tokens.agent)),
      ...(await queueReads(sys.db, api, 'admin', admin, tokens.admin)),
    );

    for (const read of reads) await explain(client, read);

    const rounds = Math.max(20, ROUNDS / 2);
    for (const read of reads) {
      const viaGraphQL = async () => {
        const result = await api.gql(read.query, read.variables, { token: read.token });
        if (result.errors) throw new Error(JSON.stringify(result.errors));
      };
      const direct = async () => {
        for (const query of read.sql) await client.query(query.sql, query.parameters as unknown[]);
      };
      for (let i = 0; i < 5; i++) {
        await viaGraphQL(); // warm-up
        await direct();
      }
      const graphql: number[] = [];
      const sql: number[] = [];
      for (let i = 0; i < rounds; i++) {
        graphql.push(await time(viaGraphQL));
        sql.push(await time(direct));
      }
      progress(`reads: ${read.name}`);
      compare(`${read.name}: GraphQL / its SQL`, graphql, sql, { p: 95, max: 2 });
    }
    await measureCommentInsert(client, rounds);
  } finally {
    await client.end();
    await api.stop();
    await sys.stop();
  }
}

/** Prints the plans of a read's queries, and names the tables any of them scans sequentially. */
async function explain(client: pg.Client, read: Read): Promise<void> {
  say(`\nEXPLAIN ANALYZE — ${read.name}`);
  for (const query of read.sql) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, costs off, buffers) ${query.sql}`,
      query.parameters as unknown[],
    );
    const plan = rows.map((r) => r['QUERY PLAN']);
    for (const line of plan) say(`    ${line}`);
    const scanned = [...new Set(plan.flatMap((line) => /Seq Scan on (\w+)/.exec(line)?.[1] ?? []))];
    const indexes = [
      ...new Set(
        plan.flatMap(
          (line) => /(?:Index (?:Only )?Scan (?:Backward )?using|Bitmap Index Scan on) (\w+)/.exec(line)?.[1] ?? [],
        ),
      ),
    ];
    say(`    → ${scanned.length ? `SEQUENTIAL SCAN of ${scanned.join(', ')}` : 'every table read through indexes'}`);
    if (indexes.length) say(`    → indexes: ${indexes.join(', ')}`);
  }
}
