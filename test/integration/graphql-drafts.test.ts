// Drafts over GraphQL (ticketDrafts, saveDraft): a person's unsent text on a ticket is saved by slot
// and read back, replaced, and removed when saved empty; it is theirs alone (another who sees the
// ticket reads none of it, one who does not is answered NOT_FOUND, an API key FORBIDDEN); a bad slot,
// a value over 64 KB and an unknown ticket are typed errors that change nothing; a sent comment and a
// made move remove their own draft and no other; drafts of tickets done long ago are pruned.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApiKey } from '../../api/auth/api-keys.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const DRAFTS = `query ($n: String!) { ticketDrafts(number: $n) { number slot value updatedAt } }`;
const SAVE = `mutation ($n: String!, $s: String!, $v: JSON) {
  saveDraft(number: $n, slot: $s, value: $v) { number slot value updatedAt }
}`;

interface Draft {
  number: string;
  slot: string;
  value: unknown;
  updatedAt: string;
}

describe('drafts over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let erin: string;
  let sam: string;
  let eli: string;
  let key: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    erin = await api.signIn('erin.employee@example.com');
    sam = await api.signIn('sam.agent@example.com');
    eli = await api.signIn('eli.employee@example.com');
    const ada = await sys.person('admin@example.com');
    const scope = { processes: ['it-support'], signals: [], createTickets: true, readTickets: true };
    key = (await createApiKey(sys.db, ada.userId, { name: 'drafts', ...scope })).secret;
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  async function newTicket(): Promise<string> {
    const created = await api.gql<{ createTicket: { number: string } }>(
      `mutation { createTicket(input: { process: "it-support", title: "Printer jams",
        fields: { category: "hardware" } }) { number } }`,
      {},
      { token: erin },
    );
    assert.ok(created.data, JSON.stringify(created.errors));
    return created.data.createTicket.number;
  }

  async function drafts(n: string, token: string): Promise<Draft[]> {
    const answer = await api.gql<{ ticketDrafts: Draft[] }>(DRAFTS, { n }, { token });
    assert.ok(answer.data, JSON.stringify(answer.errors));
    return answer.data.ticketDrafts;
  }

  async function save(n: string, s: string, v: unknown, token: string): Promise<Draft | null> {
    const answer = await api.gql<{ saveDraft: Draft | null }>(SAVE, { n, s, v }, { token });
    assert.ok(answer.data, JSON.stringify(answer.errors));
    return answer.data.saveDraft;
  }

  it('saves by slot, reads back, replaces, and removes a draft saved empty', async () => {
    const n = await newTicket();
    assert.deepEqual(await drafts(n, erin), []);
    const first = await save(n, 'reply', 'The printer on floor 2', erin);
    assert.equal(first?.value, 'The printer on floor 2');
    assert.equal(first?.number, n);
    const replaced = await save(n, 'reply', 'The printer on floor 2 jams again', erin);
    assert.ok(Date.parse(replaced!.updatedAt) >= Date.parse(first!.updatedAt));
    await save(n, 'move:withdraw', { reason: 'solved it myself' }, erin);
    const both = await drafts(n, erin);
    assert.deepEqual(
      both.map((d) => [d.slot, d.value]),
      [
        ['move:withdraw', { reason: 'solved it myself' }],
        ['reply', 'The printer on floor 2 jams again'],
      ],
    );
    assert.equal(await save(n, 'reply', '   ', erin), null, 'blank text removes it');
    assert.equal(await save(n, 'move:withdraw', { reason: '' }, erin), null, 'blank fields remove it');
    assert.deepEqual(await drafts(n, erin), []);
    await save(n, 'note', 'x', erin);
    assert.equal(await save(n, 'note', null, erin), null, 'null removes it');
    assert.deepEqual(await drafts(n, erin), []);
  });

  it("is one person's alone: another reads none of it, one who may not see the ticket is NOT_FOUND, a key FORBIDDEN", async () => {
    const n = await newTicket();
    await save(n, 'reply', "erin's words", erin);
    assert.deepEqual(await drafts(n, sam), [], 'sam sees the ticket, not her draft');
    await save(n, 'reply', "sam's words", sam);
    assert.equal((await drafts(n, erin))[0]!.value, "erin's words", 'each has their own');

    failsWith(await api.gql(DRAFTS, { n }, { token: eli }), 'NOT_FOUND');
    failsWith(await api.gql(SAVE, { n, s: 'reply', v: 'sneaky' }, { token: eli }), 'NOT_FOUND');
    failsWith(await api.gql(DRAFTS, { n }, { token: key }), 'FORBIDDEN', 'PEOPLE_ONLY');
    failsWith(await api.gql(SAVE, { n, s: 'reply', v: 'a key' }, { token: key }), 'FORBIDDEN', 'PEOPLE_ONLY');
    failsWith(await api.gql(DRAFTS, { n }), 'UNAUTHENTICATED');
    const rows = await sys.db.selectFrom('ticket_drafts').select(['slot', 'value']).execute();
    assert.ok(!rows.some((r) => r.value === 'sneaky' || r.value === 'a key'), 'nothing saved for them');
  });

  it('answers a bad slot, a value over 64 KB and an unknown ticket with typed errors, and keeps what was there', async () => {
    const n = await newTicket();
    await save(n, 'reply', 'kept', erin);
    for (const slot of ['Reply', 'reply!', '', 'move:', 'a'.repeat(101), 'move:x:y']) {
      const bad = failsWith(await api.gql(SAVE, { n, s: slot, v: 'x' }, { token: erin }), 'BAD_USER_INPUT');
      assert.equal(bad.extensions.reason, 'INVALID_DRAFT_SLOT', slot);
      assert.deepEqual(bad.extensions.fields, ['slot']);
    }
    const huge = 'x'.repeat(64 * 1024);
    const tooLarge = failsWith(
      await api.gql(SAVE, { n, s: 'reply', v: huge }, { token: erin }),
      'BAD_USER_INPUT',
      'DRAFT_TOO_LARGE',
    );
    assert.deepEqual(tooLarge.extensions.fields, ['value']);
    assert.match(JSON.stringify(tooLarge.extensions.problems), /at most 64 KB/);
    assert.ok(!tooLarge.message.includes(huge.slice(0, 100)), 'the value is not echoed');
    // Just under the limit is kept.
    const fits = 'y'.repeat(64 * 1024 - 2);
    assert.equal((await save(n, 'note', fits, erin))?.value, fits);
    // Text Postgres cannot store, and JSON nested too deep, are refused by the API's input rules.
    const nul = failsWith(
      await api.gql(SAVE, { n, s: 'reply', v: { body: 'a\u0000b' } }, { token: erin }),
      'BAD_USER_INPUT',
    );
    assert.deepEqual(nul.extensions.fields, ['value.body']);
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = [deep];
    failsWith(await api.gql(SAVE, { n, s: 'reply', v: deep }, { token: erin }), 'BAD_USER_INPUT');
    failsWith(await api.gql(SAVE, { n: 'IT-999999', s: 'reply', v: 'x' }, { token: erin }), 'NOT_FOUND');
    failsWith(await api.gql(DRAFTS, { n: 'IT-999999' }, { token: erin }), 'NOT_FOUND');
    const now = await drafts(n, erin);
    assert.deepEqual(
      now.map((d) => [d.slot, d.value === fits ? 'fits' : d.value]),
      [
        ['note', 'fits'],
        ['reply', 'kept'],
      ],
    );
  });

  it("removes the sender's reply draft when their comment is sent, their note draft with a note, and no one else's", async () => {
    const n = await newTicket();
    await save(n, 'reply', 'Any news?', erin);
    await save(n, 'move:withdraw', { reason: 'later' }, erin);
    await save(n, 'reply', 'Looking at it', sam);
    await save(n, 'note', 'Toner?', sam);
    const sent = await api.gql(
      `mutation ($n: String!) { addComment(number: $n, body: "Any news?") { number } }`,
      { n },
      { token: erin },
    );
    assert.ok(sent.data, JSON.stringify(sent.errors));
    assert.deepEqual(
      (await drafts(n, erin)).map((d) => d.slot),
      ['move:withdraw'],
    );
    assert.deepEqual(
      (await drafts(n, sam)).map((d) => d.slot),
      ['note', 'reply'],
      "sam's drafts stay",
    );
    const note = await api.gql(
      `mutation ($n: String!) { addComment(number: $n, body: "Toner?", visibility: internal) { number } }`,
      { n },
      { token: sam },
    );
    assert.ok(note.data, JSON.stringify(note.errors));
    assert.deepEqual(
      (await drafts(n, sam)).map((d) => d.slot),
      ['reply'],
    );
  });

  it('keeps a draft when the comment is refused, and removes a move draft when the move is made', async () => {
    const n = await newTicket();
    await save(n, 'note', 'Internal thought', erin);
    // The requester may not write internal notes: refused, the draft stays.
    failsWith(
      await api.gql(
        `mutation ($n: String!) { addComment(number: $n, body: "x", visibility: internal) { number } }`,
        { n },
        { token: erin },
      ),
      'FORBIDDEN',
    );
    assert.deepEqual(
      (await drafts(n, erin)).map((d) => d.slot),
      ['note'],
    );
    await save(n, 'move:start', { note: 'on it' }, sam);
    await save(n, 'move:resolve', { resolution: 'swapped the drum' }, sam);
    const moved = await api.gql(
      `mutation ($n: String!) { moveTicket(number: $n, toState: "in_progress") { state } }`,
      { n },
      { token: sam },
    );
    assert.ok(moved.data, JSON.stringify(moved.errors));
    assert.deepEqual(
      (await drafts(n, sam)).map((d) => d.slot),
      ['move:resolve'],
      "only the move made's draft goes",
    );
  });

  it("prunes a person's drafts of tickets done for 30 days when they save another", async () => {
    const old = await newTicket();
    const fresh = await newTicket();
    await save(old, 'reply', 'forgotten', erin);
    await save(fresh, 'reply', 'recent', erin);
    // The ticket was withdrawn (done), and it and the draft were last touched 31 days ago: the
    // workflow has settled, so nothing projects over the row's date afterwards.
    await sys.tickets.move(old, await sys.person('erin.employee@example.com'), { transition: 'withdraw' });
    await sys.tickets.settle(old);
    assert.equal((await sys.tickets.get(old)).category, 'done');
    const longAgo = sql<Date>`now() - interval '31 days'`;
    await sys.db.updateTable('tickets').set({ updated_at: longAgo }).where('number', '=', old).execute();
    await sys.db.updateTable('ticket_drafts').set({ updated_at: longAgo }).execute();
    await save(fresh, 'note', 'another', erin);
    const left = await sys.db
      .selectFrom('ticket_drafts')
      .innerJoin('tickets', 'tickets.id', 'ticket_drafts.ticket_id')
      .select(['tickets.number', 'ticket_drafts.slot'])
      .execute();
    assert.ok(!left.some((r) => r.number === old), 'the done ticket’s draft is gone');
    assert.ok(
      left.some((r) => r.number === fresh && r.slot === 'reply'),
      'an open ticket’s old draft stays',
    );
  });
});
