// Canned replies and macros over GraphQL, against the real API, Temporal and Postgres: who may manage
// which (coordinators their groups', admins any and those for all, agents none), what they may be (an
// unknown placeholder, transition or field is refused in words and nothing is saved), which a ticket
// offers, placeholders filled for a ticket (a field hidden from the requester never fills a public
// reply), and a macro applied as one update: all its parts at once, or — refused — no comment and no
// change, the refused part named; retried with the same updateId it applies once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const CREATE = `mutation ($i: MacroInput!) { createMacro(input: $i) { id kind name group process effects } }`;
const APPLY = `mutation ($n: String!, $m: ID!, $u: String, $v: Int) {
  applyMacro(number: $n, macro: $m, updateId: $u, expectedVersion: $v) { state priority version }
}`;
const TICKET = `query ($n: String!) { ticket(number: $n) { state priority version comments { body visibility } } }`;

interface Ticket {
  state: string;
  priority: string;
  version: number;
  comments: { body: string; visibility: string }[];
}

describe('canned replies and macros over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  const token: Record<string, string> = {};

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    for (const who of ['erin.employee', 'sam.agent', 'cora.coordinator', 'carl.coordinator', 'admin'])
      token[who.split('.')[0]!] = await api.signIn(`${who}@example.com`);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  async function create(input: Record<string, unknown>, as = 'cora') {
    const answer = await api.gql<{ createMacro: { id: string; name: string; effects: string[] } }>(
      CREATE,
      { i: input },
      { token: token[as] },
    );
    assert.ok(answer.data, JSON.stringify(answer.errors));
    return answer.data.createMacro;
  }

  /** A fresh it-support ticket of erin's (service desk), started by sam unless told otherwise. */
  async function ticket(start = true): Promise<string> {
    const erin = await sys.person('erin.employee@example.com');
    const { ticket: t } = await sys.tickets.create(
      {
        process: 'it-support',
        title: 'Printer jams',
        requester: { userId: erin.userId },
        fields: { category: 'hardware' },
      },
      erin,
    );
    await sys.tickets.settle(t.number);
    if (start) await sys.tickets.move(t.number, await sys.person('sam.agent@example.com'), { transition: 'start' });
    return t.number;
  }

  async function read(n: string): Promise<Ticket> {
    const answer = await api.gql<{ ticket: Ticket }>(TICKET, { n }, { token: token.admin });
    assert.ok(answer.data?.ticket, JSON.stringify(answer.errors));
    return answer.data.ticket;
  }

  it('coordinators manage their groups’ ones, admins also those for all; agents and employees none', async () => {
    const reply = { kind: 'reply', name: 'Thanks', group: 'service-desk', body: 'Thanks, {{requester.firstName}}!' };
    assert.equal((await create(reply)).name, 'Thanks');
    const refused = [
      ['sam', reply, /only coordinators and admins manage canned replies and macros/],
      ['erin', reply, /only coordinators and admins/],
      ['carl', reply, /coordinators manage the canned replies and macros of their own groups only/],
      [
        'cora',
        { ...reply, group: null, name: 'For all' },
        /only admins manage canned replies and macros for all groups/,
      ],
    ] as const;
    for (const [who, input, words] of refused) {
      const error = failsWith(await api.gql(CREATE, { i: input }, { token: token[who] }), 'FORBIDDEN');
      assert.match(error.message, words);
    }
    assert.equal((await create({ ...reply, group: null, name: 'For all' }, 'admin')).name, 'For all');
    // A name taken in its scope is input to change, in words.
    const taken = failsWith(await api.gql(CREATE, { i: reply }, { token: token.cora }), 'BAD_USER_INPUT');
    assert.match(taken.message, /named “Thanks” exists in this scope already/);
  });

  it('refuses unknown placeholders, transitions, fields and processes in words, saving nothing', async () => {
    const before = await sys.db
      .selectFrom('macros')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const bad = [
      [
        { kind: 'reply', name: 'Bad 1', group: 'service-desk', body: 'Hi {{requester.nickname}}' },
        /The placeholder \{\{requester.nickname\}\} is not one Ticketflow fills/,
      ],
      [
        { kind: 'macro', name: 'Bad 2', group: 'service-desk', process: 'it-support', body: 'Re {{fields.nonsense}}' },
        /names no field of the macro's process/,
      ],
      [
        { kind: 'macro', name: 'Bad 3', group: 'service-desk', process: 'it-support', transition: 'teleport' },
        /has no transition "teleport"/,
      ],
      [{ kind: 'macro', name: 'Bad 4', group: 'service-desk', transition: 'start' }, /names the process they are of/],
      [
        { kind: 'macro', name: 'Bad 5', group: 'service-desk', process: 'it-support', fields: { category: 'pizza' } },
        /Category/,
      ],
      [{ kind: 'macro', name: 'Bad 6', group: 'service-desk' }, /A macro does something/],
      [
        { kind: 'reply', name: 'Bad 7', group: 'service-desk', body: 'x', priority: 'high' },
        /A canned reply is only a text/,
      ],
    ] as const;
    for (const [input, words] of bad) {
      const error = failsWith(await api.gql(CREATE, { i: input }, { token: token.cora }), 'BAD_USER_INPUT');
      assert.match(error.message, words, input.name);
      assert.ok((error.extensions.problems as unknown[]).length > 0);
    }
    const afterwards = await sys.db
      .selectFrom('macros')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(afterwards.n, before.n, 'nothing saved');
  });

  it('offers a ticket its group’s and the global ones of its process, and fills placeholders for it', async () => {
    const mine = await create({
      kind: 'reply',
      name: 'Hello',
      group: 'service-desk',
      body: 'Hi {{requester.firstName}} ({{requester.name}}), {{ticket.number}} “{{ticket.title}}” is {{fields.category}}. {{agent.name}}',
    });
    await create({ kind: 'reply', name: 'Engineering only', group: 'engineering', body: 'Not here' }, 'admin');
    const n = await ticket();
    const offered = await api.gql<{ macros: { name: string }[] }>(
      'query ($n: String) { macros(ticket: $n) { name } }',
      { n },
      { token: token.sam },
    );
    const names = offered.data!.macros.map((m) => m.name);
    assert.ok(names.includes('Hello') && !names.includes('Engineering only'), names.join(', '));
    const filled = await api.gql<{ fillReply: string }>(
      'query ($n: String!, $m: ID!) { fillReply(number: $n, macro: $m) }',
      { n, m: mine.id },
      { token: token.sam },
    );
    assert.equal(filled.data?.fillReply, `Hi Erin (Erin Employee), ${n} “Printer jams” is hardware. Sam Agent`);
  });

  it('never fills a public reply with a field hidden from the requester; an internal note has it', async () => {
    // engineering-change's ERP order id is staff's to see (visibleTo agents, coordinators, admins).
    const erin = await sys.person('erin.employee@example.com');
    const ada = await sys.person('admin@example.com');
    const { ticket: t } = await sys.tickets.create(
      {
        process: 'engineering-change',
        title: 'New bracket',
        requester: { userId: erin.userId },
        fields: { drawing: 'CAD-7', part_number: 'BR-1', quantity: 4, order_id: 'ORD-7' },
      },
      ada,
    );
    await sys.tickets.settle(t.number);
    const reply = await create(
      {
        kind: 'reply',
        name: 'Order',
        group: 'engineering',
        process: 'engineering-change',
        body: 'Order “{{fields.order_id}}” for {{fields.part_number}}',
      },
      'carl',
    );
    const fill = async (visibility: string) => {
      const answer = await api.gql<{ fillReply: string }>(
        'query ($n: String!, $m: ID!, $v: CommentVisibility) { fillReply(number: $n, macro: $m, visibility: $v) }',
        { n: t.number, m: reply.id, v: visibility },
        { token: token.carl },
      );
      assert.ok(answer.data, JSON.stringify(answer.errors));
      return answer.data.fillReply;
    };
    assert.equal(await fill('internal'), 'Order “ORD-7” for BR-1');
    assert.equal(await fill('public'), 'Order “” for BR-1');
  });

  it('applies a macro as one update: reply, fields, priority and transition together', async () => {
    const macro = await create({
      kind: 'macro',
      name: 'Resolve as fixed',
      group: 'service-desk',
      process: 'it-support',
      body: 'Fixed, {{requester.firstName}}.',
      replyVisibility: 'public',
      fields: { resolution: 'Replaced the drum.' },
      priority: 'low',
      transition: 'resolve',
    });
    assert.deepEqual(macro.effects, [
      'Replies to the requester',
      'Sets Resolution',
      'Sets the priority to low',
      'Takes Resolve',
    ]);
    const n = await ticket();
    const before = await read(n);
    const applied = await api.gql<{ applyMacro: Ticket }>(
      APPLY,
      { n, m: macro.id, u: 'apply-1', v: before.version },
      { token: token.cora },
    );
    assert.ok(applied.data, JSON.stringify(applied.errors));
    assert.equal(applied.data.applyMacro.state, 'resolved');
    assert.equal(applied.data.applyMacro.priority, 'low');
    // One update; the version counts its changes as if made alone: fields, priority, the state entered.
    assert.equal(applied.data.applyMacro.version, before.version + 3);
    const afterwards = await read(n);
    assert.deepEqual(
      afterwards.comments.map((c) => [c.body, c.visibility]),
      [['Fixed, Erin.', 'public']],
    );
    // The same updateId again: applied once, the same answer, no second comment.
    const again = await api.gql<{ applyMacro: Ticket }>(
      APPLY,
      { n, m: macro.id, u: 'apply-1', v: before.version },
      { token: token.cora },
    );
    assert.ok(again.data, JSON.stringify(again.errors));
    assert.equal(again.data.applyMacro.version, afterwards.version);
    assert.equal((await read(n)).comments.length, 1);
  });

  it('a refused part leaves no comment and no change, and the answer names the part', async () => {
    const macro = await create({
      kind: 'macro',
      name: 'Close as duplicate',
      group: 'service-desk',
      process: 'it-support',
      body: 'This is a duplicate.',
      fields: { resolution: 'Duplicate' },
      transition: 'resolve',
    });
    const n = await ticket(false);
    const before = await read(n);
    const refused = failsWith(await api.gql(APPLY, { n, m: macro.id }, { token: token.sam }), 'INVALID_TRANSITION');
    assert.equal(
      refused.message,
      'The macro “Close as duplicate” was not applied: Resolve cannot be done while this ticket is New',
    );
    assert.equal(refused.extensions.part, 'transition');
    assert.deepEqual(await read(n), before, 'no comment, no change');

    // Agents do not set the priority: the priority part is refused, before the transition.
    const urgent = await create({
      kind: 'macro',
      name: 'Escalate',
      group: 'service-desk',
      process: 'it-support',
      body: 'Escalating.',
      priority: 'urgent',
      transition: 'start',
    });
    const byAgent = failsWith(await api.gql(APPLY, { n, m: urgent.id }, { token: token.sam }), 'FORBIDDEN');
    assert.equal(byAgent.extensions.part, 'priority');
    assert.match(
      byAgent.message,
      /^The macro “Escalate” was not applied: Only coordinators and admins set the priority$/,
    );
    assert.deepEqual(await read(n), before);
  });

  it('answers bad requests with typed errors: a canned reply, another group’s macro, an unknown id, employees', async () => {
    const n = await ticket();
    const reply = await create({ kind: 'reply', name: 'Just text', group: 'service-desk', body: 'Text' });
    const elsewhere = await create({ kind: 'macro', name: 'Eng start', group: 'engineering', body: 'x' }, 'admin');
    assert.match(
      failsWith(await api.gql(APPLY, { n, m: reply.id }, { token: token.sam }), 'BAD_USER_INPUT').message,
      /is a canned reply/,
    );
    assert.match(
      failsWith(await api.gql(APPLY, { n, m: elsewhere.id }, { token: token.sam }), 'NOT_FOUND').message,
      /is not for this ticket/,
    );
    failsWith(await api.gql(APPLY, { n, m: 'not-an-id' }, { token: token.sam }), 'NOT_FOUND');
    failsWith(await api.gql(APPLY, { n, m: reply.id }, { token: token.erin }), 'FORBIDDEN');
    const after = await read(n);
    assert.equal(after.comments.length, 0);
  });

  it('updates and deletes: the manager of its group only', async () => {
    const macro = await create({ kind: 'reply', name: 'Old', group: 'service-desk', body: 'Old' });
    const update = `mutation ($m: ID!, $i: MacroInput!) { updateMacro(id: $m, input: $i) { name body } }`;
    const input = { kind: 'reply', name: 'New', group: 'service-desk', body: 'New {{ticket.number}}' };
    failsWith(await api.gql(update, { m: macro.id, i: input }, { token: token.carl }), 'FORBIDDEN');
    const updated = await api.gql<{ updateMacro: { name: string } }>(
      update,
      { m: macro.id, i: input },
      { token: token.cora },
    );
    assert.equal(updated.data?.updateMacro.name, 'New');
    failsWith(
      await api.gql('mutation ($m: ID!) { deleteMacro(id: $m) }', { m: macro.id }, { token: token.sam }),
      'FORBIDDEN',
    );
    const deleted = await api.gql<{ deleteMacro: string }>(
      'mutation ($m: ID!) { deleteMacro(id: $m) }',
      { m: macro.id },
      { token: token.cora },
    );
    assert.equal(deleted.data?.deleteMacro, macro.id);
    failsWith(
      await api.gql('mutation ($m: ID!) { deleteMacro(id: $m) }', { m: macro.id }, { token: token.cora }),
      'NOT_FOUND',
    );
  });
});
