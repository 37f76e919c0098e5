// Comments for the seeded tickets (seed-tickets.ts), in one INSERT … SELECT: about five per ticket
// (0 to 10), one in five an internal note, written by the requester's side or the ticket's group from
// a few dozen phrases, spread after the ticket was created. The search documents come from the
// triggers of migration 2026-12-07-40, per statement: the insert rebuilds every ticket's once, set-based.
// Each comment gets its `commented` event too, which the reports' first response reads.
import { sql } from 'kysely';
import type { Db } from '../../platform/store/db.js';

const OPENINGS = [
  'Thanks for the quick answer,',
  'Following up on this:',
  'Quick update:',
  'As discussed on the phone,',
  'I tried again this morning and',
  'Checked with the vendor;',
  'Escalating because',
  'For the record,',
];
const MIDDLES = [
  'the printer driver was reinstalled',
  'the VPN client shows certificate errors',
  'the laptop battery drains within an hour',
  'the shared drive mapping disappeared after the update',
  'the badge reader at the north entrance blinks red',
  'the invoice total does not match the purchase order',
  'the shipment tracking number is not recognised',
  'the monitor flickers when docked',
  'the password reset link expired',
  'the calendar invites arrive twice',
  'the drawing revision is missing the tolerance table',
  'the license server refuses new seats',
];
const ENDINGS = [
  'and it works now.',
  'but nothing changed.',
  'please advise.',
  'we are waiting for the replacement part.',
  'see the attached log.',
  'the user confirmed it is fixed.',
  'can we close this?',
  'the problem came back after a restart.',
];

/** Seeds about `perTicket` comments per ticket; returns how many there are. */
export async function seedComments(db: Db, perTicket = 5): Promise<number> {
  await sql`
    with t as (
      select id, created_at, group_key, floor(random() * ${perTicket * 2 + 1})::int as n from tickets
    ),
    c as (
      select t.id as ticket_id, t.created_at, t.group_key, k, random() as r_text, random() as r_vis,
        random() as r_when
      from t cross join lateral generate_series(1, t.n) as k
    )
    insert into comments (ticket_id, author_id, visibility, body, created_at)
    select ticket_id,
      (select gm.user_id from group_members gm join groups g on g.id = gm.group_id
        where g.key = c.group_key order by gm.position limit 1),
      case when r_vis < 0.2 then 'internal' else 'public' end,
      (${sql.val(OPENINGS)}::text[])[1 + floor(r_text * ${OPENINGS.length})::int] || ' '
        || (${sql.val(MIDDLES)}::text[])[1 + floor(r_text * 97 * ${MIDDLES.length})::int % ${MIDDLES.length}] || ' '
        || (${sql.val(ENDINGS)}::text[])[1 + floor(r_text * 389 * ${ENDINGS.length})::int % ${ENDINGS.length}],
      least(now(), created_at + (k + r_when) * interval '6 hours')
    from c`.execute(db);
  // Each comment's `commented` event, as the projection writes it: the timeline and the reports' first
  // response read these. Numbered after the seeded tickets' own seq, so none collides.
  await sql`
    insert into ticket_events (ticket_id, seq, type, at, actor, data)
    select c.ticket_id, 1000 + row_number() over (partition by c.ticket_id order by c.created_at, c.id)::int,
      'commented', c.created_at,
      jsonb_build_object('kind', 'person', 'userId', c.author_id::text, 'role', u.role),
      jsonb_build_object('commentId', c.id::text, 'visibility', c.visibility)
    from comments c join users u on u.id = c.author_id`.execute(db);
  await sql`vacuum analyze ticket_events`.execute(db);
  const { n } = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await sql`vacuum analyze comments`.execute(db);
  await sql`vacuum analyze ticket_search`.execute(db);
  return Number(n);
}
