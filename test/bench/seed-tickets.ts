// A read model at scale for the benchmark, written straight into Postgres (no workflows: reads only
// look at the read model): one INSERT … SELECT over generate_series per process, with a spread like
// a help desk's after a year. About 65% of tickets are done (spread over the year); open ones are
// recent, in every open state, mostly assigned to a member of their group, some moved to another
// group; thousands of requesters, a few demo people among them; priorities mostly normal; SLA
// clocks running with deadlines from a day past (breached) to ten days ahead (at risk within a day).
import { sql } from 'kysely';
import { latestVersion } from '../../platform/processes/processes.js';
import { sampleProcessKeys } from '../../platform/processes/samples.js';
import type { Db } from '../../platform/store/db.js';
import { seedComments } from './seed-comments.js';

/** Each sample process's share of the tickets. */
const SHARES: Record<string, number> = { 'it-support': 0.6, 'customer-case': 0.25, 'engineering-change': 0.15 };
const DONE_SHARE = 0.65;
const REQUESTERS = 5000;

const SUBJECTS = [
  'Laptop',
  'Printer',
  'VPN',
  'Email',
  'Password',
  'Monitor',
  'Keyboard',
  'Wi-Fi',
  'Account',
  'Badge',
  'Phone',
  'Docking station',
  'Calendar',
  'Shared drive',
  'License',
  'Order',
  'Invoice',
  'Drawing',
  'Part',
  'Shipment',
];
const ISSUES = [
  'does not start',
  'is slow',
  'needs replacing',
  'cannot connect',
  'locked out',
  'request for access',
  'shows an error',
  'missing after update',
  'keeps crashing',
  'wrong data',
  'question',
  'damaged on arrival',
  'needs approval',
  'out of stock',
  'not delivered',
];

/** Seeds `total` tickets over the sample processes, and their comments (seed-comments.ts); returns how
 * many per process, and under `comments` how many comments. */
export async function seedTickets(db: Db, total: number): Promise<Record<string, number>> {
  // Requesters: account holders (so people's own tickets are among them) and customers without one.
  await sql`
    insert into requesters (name, email, user_id)
    select name, email, id from users
    on conflict (lower(email)) do update set user_id = excluded.user_id`.execute(db);
  await sql`
    insert into requesters (name, email)
    select 'Requester ' || i, 'requester-' || i || '@customer.example'
    from generate_series(1, ${REQUESTERS}::int) as i
    on conflict (lower(email)) do nothing`.execute(db);
  const people = await db
    .selectFrom('requesters')
    .innerJoin('users', 'users.id', 'requesters.user_id')
    .select(['requesters.id', 'users.email'])
    .execute();
  const requesterOf = (email: string) => people.find((p) => p.email === email)!.id;
  const groups = (await db.selectFrom('groups').select('key').execute()).map((g) => g.key);

  const seeded: Record<string, number> = {};
  for (const key of sampleProcessKeys) {
    const { version, definition: def } = await latestVersion(db, key);
    const count = Math.round(total * (SHARES[key] ?? 0));
    const states = def.states.map((s) => s.key);
    const categories = def.states.map((s) => s.category);
    const indexes = (done: boolean) => def.states.flatMap((s, i) => ((s.category === 'done') === done ? [i + 1] : []));
    const category = def.fields.find((f) => f.type === 'enum');
    const slaKeys = (def.slas ?? []).map((s) => s.key);
    await sql`
      with req as (select array_agg(id order by id) as ids from requesters where user_id is null),
      members as (
        select g.key, array_agg(gm.user_id order by gm.position) as ids
        from groups g join group_members gm on gm.group_id = g.id group by g.key
      ),
      r as (
        select i, random() as r_done, random() as r_state, random() as r_prio, random() as r_group,
          random() as r_assign, random() as r_who, random() as r_req, random() as r_age, random() as r_sla,
          random() as r_subject, random() as r_issue, random() as r_field
        from generate_series(1, ${count}::int) as i
      ),
      s as (
        select r.*, r_done < ${DONE_SHARE} as done,
          case when r_done < ${DONE_SHARE}
            then (${sql.val(indexes(true))}::int[])[1 + floor(r_state * ${indexes(true).length})::int]
            else (${sql.val(indexes(false))}::int[])[1 + floor(r_state * ${indexes(false).length})::int]
          end as idx,
          -- done tickets spread over the year, open ones mostly from the last weeks
          now() - (case when r_done < ${DONE_SHARE} then r_age * 365 else r_age * r_age * 30 end)
            * interval '1 day' as created
        from r
      ),
      t as (
        select s.*, (${sql.val(states)}::text[])[idx] as state, (${sql.val(categories)}::text[])[idx] as category,
          case when r_group < 0.9 then ${def.group}
            else (${sql.val(groups)}::text[])[1 + floor(r_group * 10 * ${groups.length})::int % ${groups.length}]
          end as group_key
        from s
      )
      insert into tickets (number, process_key, process_version, title, requester_id, state, category, priority,
        group_key, assignee_id, fields, slas, version, seq, created_at, updated_at, done_at)
      select
        ${def.ticketPrefix} || '-' || lpad(i::text, 6, '0'),
        ${key}, ${version},
        (${sql.val(SUBJECTS)}::text[])[1 + floor(r_subject * ${SUBJECTS.length})::int] || ' '
          || (${sql.val(ISSUES)}::text[])[1 + floor(r_issue * ${ISSUES.length})::int],
        case when r_req < 0.015 then ${requesterOf('erin.employee@example.com')}::uuid
          when r_req < 0.025 then ${requesterOf('eli.employee@example.com')}::uuid
          else req.ids[1 + floor(r_req * array_length(req.ids, 1))::int] end,
        state, category,
        case when r_prio < 0.2 then 'low' when r_prio < 0.75 then 'normal' when r_prio < 0.95 then 'high' else 'urgent' end,
        group_key,
        case when r_assign < (case category when 'new' then 0.3 when 'done' then 0.95 else 0.85 end)
          then m.ids[1 + floor(r_who * array_length(m.ids, 1))::int] end,
        case when ${category?.key ?? null}::text is null then '{}'::jsonb
          else jsonb_build_object(${category?.key ?? ''}::text,
            (${sql.val(category?.options ?? [''])}::text[])[1 + floor(r_field * ${category?.options?.length ?? 1})::int])
        end,
        (select coalesce(jsonb_object_agg(k, case
            when done then jsonb_build_object('status', 'stopped', 'deadline', null, 'atRisk', false,
              'breached', f < 0.08)
            when n = 1 and category <> 'new' and cardinality(${sql.val(slaKeys)}::text[]) > 1
              then jsonb_build_object('status', 'stopped', 'deadline', null, 'atRisk', false, 'breached', false)
            else jsonb_build_object('status', 'running',
              'deadline', floor(extract(epoch from now()) * 1000 + days * 86400000),
              'atRisk', days between 0 and 1, 'breached', days < 0)
          end), '{}'::jsonb)
          -- each clock its own fraction: days left from -1 (breached) to 10
          from (select k, n, f, f * 11 - 1 as days
            from unnest(${sql.val(slaKeys)}::text[]) with ordinality as u(k, n),
            lateral (select (r_sla + n * 0.37) - floor(r_sla + n * 0.37) as f) as x) as c),
        1 + floor(r_field * 12)::int, 3 + 2 * floor(r_field * 12)::int,
        created,
        case when done then least(now(), created + r_issue * interval '10 days')
          else created + (now() - created) * r_who end,
        case when done then least(now(), created + r_issue * interval '10 days') end
      from t cross join req left join members m on m.key = t.group_key`.execute(db);
    await db
      .insertInto('ticket_counters')
      .values({ prefix: def.ticketPrefix, last: count })
      .onConflict((oc) => oc.column('prefix').doUpdateSet({ last: count }))
      .execute();
    seeded[key] = count;
  }
  // The queue's SLA sort key, as the projection writes it: the earliest deadline of the running clocks
  // (the very expression of migration 2026-12-07-30-queue-sla-due).
  await sql`
    update tickets set sla_due_at = (
      select min(to_timestamp((clock->>'deadline')::double precision / 1000))
      from jsonb_each(tickets.slas) as each(key, clock)
      where clock->>'status' = 'running' and jsonb_typeof(clock->'deadline') = 'number'
    )
    where slas <> '{}'::jsonb`.execute(db);
  // As autovacuum would have by then: statistics, and the visibility map index-only scans rely on.
  await sql`vacuum analyze tickets`.execute(db);
  seeded.comments = await seedComments(db);
  await sql`vacuum analyze requesters`.execute(db);
  return seeded;
}
