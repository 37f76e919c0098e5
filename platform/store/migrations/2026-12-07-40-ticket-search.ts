// Full-text search over tickets: one search document per ticket in a table of its own (not on `tickets`,
// whose row every move rewrites), kept current by triggers on the tables its text lives in, so that every
// writer (the API, the worker's activities, the bench's seed, future mail ingest) keeps it without
// knowing. Two documents: `public_doc` what a requester may read (title A, description B, public
// comments C) and `staff_doc` that plus internal notes (C); each has a GIN index. Long-text field
// values stay out: which of their stored versions is current lives in the workflow's fields, and some
// are staff-only by field audience.
//
// The triggers on inserts and deletes are per statement, over their transition tables: one comment
// rebuilds one ticket's document, a seed of 500,000 comments rebuilds each ticket once, set-based.
import { sql, type Kysely } from 'kysely';
import { SEARCH_LANGUAGE } from '../../search/language.js';

/** More text than this per ticket and part is not indexed (bounds a document's build; a tsvector is at most 1 MB). */
const MAX_PART_CHARS = 500_000;

export async function up(db: Kysely<unknown>): Promise<void> {
  const cfg = sql`${sql.lit(SEARCH_LANGUAGE)}::regconfig`;
  await sql`
    create table ticket_search (
      ticket_id uuid primary key references tickets(id) on delete cascade,
      public_doc tsvector not null,
      staff_doc tsvector not null
    )`.execute(db);
  await sql`create index ticket_search_public_idx on ticket_search using gin (public_doc)`.execute(db);
  await sql`create index ticket_search_staff_idx on ticket_search using gin (staff_doc)`.execute(db);

  // A ticket's description, found by the ticket: the rebuild below and the snippets read it on every
  // comment and every search page (ticket_texts had no index by ticket).
  await sql`create index ticket_texts_description_idx on ticket_texts (ticket_id) where purpose = 'description'`.execute(
    db,
  );

  // Rebuilds the documents of the given tickets from their texts, all in one statement. It first locks
  // their documents: two comments committed at once on one ticket would otherwise each rebuild from a
  // snapshot without the other's, and the later write would drop the earlier comment. The function is
  // volatile, so its second statement reads with a new snapshot, which has what the lock waited for.
  await sql`
    create function ticket_search_refresh(ids uuid[]) returns void language sql volatile as $fn$
      select 1 from ticket_search where ticket_id = any(ids) order by ticket_id for update;
      with wanted as (select distinct id from unnest(ids) as id),
      descriptions as (
        select ticket_id, left(string_agg(body, E'\n' order by created_at), ${sql.lit(MAX_PART_CHARS)}) as body
        from ticket_texts
        where purpose = 'description' and ticket_id in (select id from wanted)
        group by ticket_id),
      threads as (
        select ticket_id,
          left(string_agg(body, E'\n' order by created_at) filter (where visibility = 'public'), ${sql.lit(MAX_PART_CHARS)}) as replies,
          left(string_agg(body, E'\n' order by created_at) filter (where visibility = 'internal'), ${sql.lit(MAX_PART_CHARS)}) as notes
        from comments
        where ticket_id in (select id from wanted)
        group by ticket_id),
      docs as (
        select t.id,
          setweight(to_tsvector(${cfg}, t.title), 'A')
            || setweight(to_tsvector(${cfg}, coalesce(d.body, '')), 'B')
            || setweight(to_tsvector(${cfg}, coalesce(c.replies, '')), 'C') as public_doc,
          setweight(to_tsvector(${cfg}, coalesce(c.notes, '')), 'C') as notes_doc
        from tickets t
        left join descriptions d on d.ticket_id = t.id
        left join threads c on c.ticket_id = t.id
        where t.id in (select id from wanted))
      insert into ticket_search (ticket_id, public_doc, staff_doc)
      select id, public_doc, public_doc || notes_doc from docs
      on conflict (ticket_id) do update set public_doc = excluded.public_doc, staff_doc = excluded.staff_doc
    $fn$`.execute(db);

  // Per statement, over the rows it changed: `changed` is the transition table each trigger names.
  await sql`
    create function ticket_search_on_change() returns trigger language plpgsql as $fn$
    begin
      perform ticket_search_refresh(array(select distinct ticket_id from changed));
      return null;
    end $fn$`.execute(db);
  // Of ticket_texts only descriptions are searched: field values and signal payloads change nothing.
  await sql`
    create function ticket_search_on_text() returns trigger language plpgsql as $fn$
    begin
      perform ticket_search_refresh(array(select distinct ticket_id from changed where purpose = 'description'));
      return null;
    end $fn$`.execute(db);
  await sql`
    create function ticket_search_on_ticket() returns trigger language plpgsql as $fn$
    begin
      perform ticket_search_refresh(array(select id from changed));
      return null;
    end $fn$`.execute(db);
  await sql`
    create function ticket_search_on_title() returns trigger language plpgsql as $fn$
    begin
      perform ticket_search_refresh(array[new.id]);
      return null;
    end $fn$`.execute(db);

  await sql`create trigger ticket_search_tickets_insert after insert on tickets
    referencing new table as changed for each statement execute function ticket_search_on_ticket()`.execute(db);
  // Moves rewrite the row but never the title: only a changed title rebuilds.
  await sql`create trigger ticket_search_tickets_title after update of title on tickets
    for each row when (old.title is distinct from new.title) execute function ticket_search_on_title()`.execute(db);
  for (const table of ['comments', 'ticket_texts']) {
    await sql`create trigger ${sql.raw(`ticket_search_${table}_insert`)} after insert on ${sql.table(table)}
      referencing new table as changed for each statement execute function ${sql.raw(onChange(table))}()`.execute(db);
    await sql`create trigger ${sql.raw(`ticket_search_${table}_update`)} after update on ${sql.table(table)}
      referencing new table as changed for each statement execute function ${sql.raw(onChange(table))}()`.execute(db);
    await sql`create trigger ${sql.raw(`ticket_search_${table}_delete`)} after delete on ${sql.table(table)}
      referencing old table as changed for each statement execute function ${sql.raw(onChange(table))}()`.execute(db);
  }

  // Backfill: every ticket there is, in one statement.
  await sql`select ticket_search_refresh(array(select id from tickets))`.execute(db);
}

const onChange = (table: string) => (table === 'ticket_texts' ? 'ticket_search_on_text' : 'ticket_search_on_change');

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger ticket_search_tickets_insert on tickets`.execute(db);
  await sql`drop trigger ticket_search_tickets_title on tickets`.execute(db);
  for (const table of ['comments', 'ticket_texts'])
    for (const event of ['insert', 'update', 'delete'])
      await sql`drop trigger ${sql.raw(`ticket_search_${table}_${event}`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function ticket_search_on_title()`.execute(db);
  await sql`drop function ticket_search_on_ticket()`.execute(db);
  await sql`drop function ticket_search_on_change()`.execute(db);
  await sql`drop function ticket_search_on_text()`.execute(db);
  await sql`drop function ticket_search_refresh(uuid[])`.execute(db);
  await sql`drop table ticket_search`.execute(db);
  await sql`drop index ticket_texts_description_idx`.execute(db);
}
