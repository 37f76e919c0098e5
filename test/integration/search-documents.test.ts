// The search documents the triggers keep (migration 2026-12-07-40-ticket-search), under writers that
// race: two comments committed at once on one ticket must both be searchable. Without the lock the
// rebuild takes first, the later transaction rebuilds from a snapshot that lacks the earlier comment and
// its write drops it. Real Postgres, two transactions interleaved by hand.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { startTestSystem, type TestSystem } from '../support/system.js';

describe('search documents', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startTestSystem();
  });
  after(async () => {
    await sys.stop();
  });

  it('keep both of two comments committed at once on one ticket', async () => {
    const erin = await sys.person('erin.employee@example.com');
    const created = await sys.tickets.create(
      {
        process: 'it-support',
        title: 'Racing comments',
        requester: { userId: erin.userId },
        fields: { category: 'software' },
      },
      erin,
    );
    const ticket = await sys.tickets.get(created.ticket.number);
    const comment = (body: string) => ({
      ticket_id: ticket.id,
      author_id: erin.userId,
      visibility: 'public' as const,
      body,
    });

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const first = new Promise<void>((resolve) => (inserted = resolve));
    const one = sys.db.transaction().execute(async (trx) => {
      await trx.insertInto('comments').values(comment('albatross')).execute();
      inserted();
      await held;
    });
    await first;
    let secondDone = false;
    const two = sys.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('comments').values(comment('barracuda')).execute();
      })
      .then(() => (secondDone = true));
    await sleep(300);
    assert.equal(secondDone, false, 'the second rebuild waits for the first transaction');
    release();
    await Promise.all([one, two]);

    const found = async (word: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from ticket_search
          where ticket_id = ${ticket.id} and public_doc @@ plainto_tsquery('english', ${word})`.execute(sys.db)
      ).rows[0]!.n;
    assert.equal(await found('albatross'), 1, 'the first comment is searchable');
    assert.equal(await found('barracuda'), 1, 'the second comment is searchable');
  });
});
