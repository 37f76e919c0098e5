// What keeping search documents costs a writer: one comment inserted with the search trigger on, against
// the same insert with it off, on a ticket with a usual thread (about five comments). No goal: a figure
// that says whether a comment insert stays cheap at scale.
import type pg from 'pg';
import { compare, progress, time } from './report.js';

const TRIGGER = 'ticket_search_comments_insert';

export async function measureCommentInsert(client: pg.Client, rounds: number): Promise<void> {
  const { rows } = await client.query<{ ticket_id: string }>(
    `select ticket_id from comments group by ticket_id having count(*) between 4 and 6 limit 1`,
  );
  const ticketId = rows[0]?.ticket_id;
  if (!ticketId) return;
  const insert = () =>
    client.query(`insert into comments (ticket_id, visibility, body) values ($1, 'public', $2)`, [
      ticketId,
      'Bench comment: the printer driver was reinstalled and it works now.',
    ]);
  const withDocument: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < rounds; i++) withDocument.push(await time(insert));
  await client.query(`alter table comments disable trigger ${TRIGGER}`);
  try {
    for (let i = 0; i < rounds; i++) without.push(await time(insert));
  } finally {
    await client.query(`alter table comments enable trigger ${TRIGGER}`);
    await client.query(`delete from comments where ticket_id = $1 and body like 'Bench comment:%'`, [ticketId]);
  }
  progress('reads: comment insert');
  compare('comment insert: with its search document / without', withDocument, without);
}
