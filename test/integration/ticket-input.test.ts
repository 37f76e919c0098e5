// Input from outside never stalls, corrupts or half-writes a ticket: text Postgres cannot store, values
// too large for a workflow, odd keys and numbers, racing moves. Each gets a typed error naming what
// was wrong, and nothing is written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveDraft } from '../../platform/processes/processes.js';
import { createUser } from '../../platform/people/users.js';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import { AppError, RefusedError } from '../../platform/errors.js';
import type { Person } from '../../workflows/ticket/model.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

/** Every case has its own time limit: a stalled ticket fails its case, not the whole run. */
const CASE = { timeout: 30_000 };

const NUL = 'a\u0000b';
const LONE = 'a\uD800b';
const MB2 = 'x'.repeat(2 * 1024 * 1024);

/** Asserts a typed error that names `path` (among its problems' paths, or a pattern its message matches)
 * and whose message stays short. */
function typedError(code: string, path: string | RegExp, reason?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (reason) assert.equal(error.details.reason, reason, error.message);
    if (typeof path === 'string') {
      const problems = (error.details.problems ?? []) as { path: string }[];
      const paths = [...((error.details.fields ?? []) as string[]), ...problems.map((p) => p.path)];
      assert.ok(paths.includes(path), `${path} not among ${JSON.stringify(paths)}: ${error.message}`);
    } else assert.match(error.message, path);
    assert.ok(error.message.length < 5000, `the message repeats no payload (${error.message.length} characters)`);
    return true;
  };
}

describe('input at the ticket service', () => {
  let sys: TestSystem;
  let erin: Person;
  let sam: Person;
  let cora: Person;
  let number: string;

  /** What a refused request must leave as it was. */
  async function written() {
    const count = async (table: 'tickets' | 'ticket_texts' | 'comments' | 'process_drafts' | 'users') =>
      Number(
        (
          await sys.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const counter = await sys.db.selectFrom('ticket_counters').select(['prefix', 'last']).orderBy('prefix').execute();
    return {
      tickets: await count('tickets'),
      texts: await count('ticket_texts'),
      comments: await count('comments'),
      drafts: await count('process_drafts'),
      users: await count('users'),
      counter,
    };
  }

  /** A ticket for Erin, submitted by her, or by `by` (staff of the service desk set its staff-only fields). */
  const create = (overrides: Record<string, unknown>, by?: Person) =>
    sys.tickets.create(
      {
        process: 'it-support',
        title: 'Printer',
        requester: { userId: erin.userId },
        fields: { category: 'hardware' },
        ...overrides,
      } as Parameters<TestSystem['tickets']['create']>[0],
      by ?? erin,
    );

  before(async () => {
    sys = await startTestSystem();
    erin = await sys.person('erin.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
    cora = await sys.person('cora.coordinator@example.com');
    number = (await create({ title: 'Base ticket' })).ticket.number;
    await sys.tickets.move(number, sam, { transition: 'start' });
  });
  after(async () => {
    await sys.stop();
  });

  describe('text Postgres cannot store is refused with the field named, never altered', () => {
    for (const [what, bad] of [
      ['NUL', NUL],
      ['a lone surrogate', LONE],
    ] as const) {
      const cases: [string, string, () => Promise<unknown>][] = [
        ['title', 'title', () => create({ title: `Printer ${bad}` })],
        ['description', 'description', () => create({ description: bad })],
        ['text field', 'fields.category', () => create({ fields: { category: bad } })],
        [
          'long-text field on a move',
          'fields.question',
          () => sys.tickets.move(number, sam, { transition: 'ask_requester', fields: { question: bad } }),
        ],
        ['field key', 'fields', () => create({ fields: { category: 'hardware', [bad]: 'x' } })],
        [
          'requester name',
          'requester.name',
          () => create({ requester: { name: `Ann ${bad}`, email: 'ann@example.com' } }),
        ],
        ['comment', 'body', () => sys.tickets.comment(number, sam, { body: bad, visibility: 'public' })],
        [
          'signal payload',
          'payload.message',
          () =>
            sys.tickets.deliverSignal(number, {
              name: 'requester.replied',
              payload: { message: bad },
              idempotencyKey: `k-${what}`,
              source: 'mail',
            }),
        ],
        ['user name', 'name', () => createUser(sys.db, { email: 'x@example.com', name: bad, role: 'AGENT' })],
      ];
      for (const [name, path, attempt] of cases) {
        it(`${what} in a ${name}`, CASE, async () => {
          const before = await written();
          await assert.rejects(attempt(), typedError('BAD_USER_INPUT', path));
          assert.deepEqual(await written(), before, 'nothing written, no ticket number used');
        });
      }
      it(`${what} in a process definition`, CASE, async () => {
        const def = structuredClone(loadSampleProcess('it-support')) as { name: string };
        def.name = `IT ${bad}`;
        const before = await written();
        await assert.rejects(saveDraft(sys.db, def, 'test'), typedError('BAD_USER_INPUT', 'name'));
        assert.deepEqual(await written(), before);
      });
    }
    it('keeps every other character as it was sent', CASE, async () => {
      const title = 'Ünïcödé 🎫 ✓ \u200b tab\tend';
      const question = '😀\u{10FFFF} \uFFFD \u0001';
      const { ticket } = await create({ title, fields: { category: 'hardware', question } }, sam);
      const row = await sys.tickets.get(ticket.number);
      assert.equal(row.title, title);
      const text = await sys.db
        .selectFrom('ticket_texts')
        .select('body')
        .where('id', '=', (row.fields.question as { text: string }).text)
        .executeTakeFirstOrThrow();
      assert.equal(text.body, question);
    });
  });

  describe('a refused create writes nothing and uses up no ticket number', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a 2 MB long text', { fields: { category: 'hardware', question: MB2 } }, 'fields'],
      [
        'a long text just over its limit',
        { fields: { category: 'hardware', question: 'x'.repeat(50_001) } },
        'question',
      ],
      ['a long text with a NUL', { fields: { category: 'hardware', question: NUL } }, 'fields.question'],
      ['a 2 MB description', { description: MB2 }, 'description'],
      [
        'an unknown field after a long text',
        { fields: { question: 'ok', colour: 'red', category: 'hardware' } },
        'colour',
      ],
    ];
    for (const [name, overrides, path] of cases) {
      it(name, CASE, async () => {
        const before = await written();
        await assert.rejects(create(overrides), typedError('BAD_USER_INPUT', path));
        assert.deepEqual(await written(), before);
      });
    }
  });

  describe('refused changes leave no stored text behind', () => {
    it('a field change with an unknown field', CASE, async () => {
      const before = await written();
      await assert.rejects(
        sys.tickets.setFields(number, sam, { fields: { question: 'long text', colour: 'red' } }),
        typedError('BAD_USER_INPUT', 'colour', 'INVALID_FIELD'),
      );
      assert.deepEqual(await written(), before);
    });
    it('a field change the workflow refuses', CASE, async () => {
      const before = await written();
      await assert.rejects(
        sys.tickets.setFields(number, erin, { fields: { question: 'long text' } }),
        typedError('FORBIDDEN', /only agents/, 'NOT_ALLOWED'),
      );
      assert.deepEqual(await written(), before);
    });
  });

  describe('oversized values are refused before they reach the workflow', () => {
    it('a 2 MB plain text field on a move, and the ticket answers at once after', CASE, async () => {
      await assert.rejects(
        sys.tickets.move(number, sam, { transition: 'resolve', fields: { resolution: MB2 } }),
        typedError('BAD_USER_INPUT', 'fields'),
      );
      const row = await sys.tickets.get(number);
      const moved = await sys.tickets.setPriority(number, cora, { priority: 'high' });
      assert.equal(moved.version, row.version + 1);
    });
    it('a long text over 50,000 characters names the limit', CASE, async () => {
      await assert.rejects(
        sys.tickets.setFields(number, sam, { fields: { question: 'x'.repeat(60_000) } }),
        typedError('BAD_USER_INPUT', /^Question to the requester is longer than 50000 characters$/, 'INVALID_FIELD'),
      );
    });
    it('a long-text field given as a stored text id rather than text', CASE, async () => {
      // Any text of the ticket (a signal's, say) could be named so: only text is taken.
      const stored = await sys.db.selectFrom('ticket_texts').select('id').executeTakeFirstOrThrow();
      const before = await sys.tickets.get(number);
      await assert.rejects(
        sys.tickets.setFields(number, sam, { fields: { question: { text: stored.id } } }),
        typedError('BAD_USER_INPUT', /^Question to the requester is not text$/, 'INVALID_FIELD'),
      );
      assert.equal((await sys.tickets.get(number)).version, before.version);
    });
    it('a 50,001-character long text in a signal payload names the limit', CASE, async () => {
      await assert.rejects(
        sys.tickets.deliverSignal(number, {
          name: 'requester.replied',
          payload: { message: 'x'.repeat(50_001) },
          idempotencyKey: 'long',
          source: 'mail',
        }),
        typedError('BAD_USER_INPUT', /"message" is longer than 50000 characters/, 'INVALID_PAYLOAD'),
      );
    });
    it('10,000 unknown fields: one short message listing 100 of them and how many more', CASE, async () => {
      const fields = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, 'x']));
      await assert.rejects(sys.tickets.setFields(number, sam, { fields }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.ok(error.message.length < 5000, `${error.message.length} characters`);
        assert.match(error.message, /and 9900 more|KiB/);
        return true;
      });
      await assert.rejects(
        sys.tickets.setFields(number, sam, { fields: Object.fromEntries(Object.entries(fields).slice(0, 500)) }),
        (error: unknown) => {
          assert.ok(error instanceof RefusedError && error.code === 'BAD_USER_INPUT', String(error));
          assert.match(error.message, /and 400 more$/);
          assert.equal((error.details.problems as string[]).length, 100);
          return true;
        },
      );
    });
    it('a 2 MB transition name is not repeated back', CASE, async () => {
      await assert.rejects(
        sys.tickets.move(number, sam, { transition: MB2 }),
        typedError('BAD_USER_INPUT', 'transition'),
      );
    });
  });

  describe('odd keys and numbers get a word, never silence', () => {
    it('a __proto__ field key is refused by name', CASE, async () => {
      const fields = JSON.parse('{"__proto__": {"polluted": "yes"}, "question": "Which one?"}') as Record<
        string,
        unknown
      >;
      await assert.rejects(
        sys.tickets.setFields(number, sam, { fields }),
        typedError('BAD_USER_INPUT', /This form has no field "__proto__"/, 'INVALID_FIELD'),
      );
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
    it('constructor and prototype keys are unknown fields like any other', CASE, async () => {
      await assert.rejects(
        sys.tickets.setFields(number, sam, { fields: { constructor: 'x', prototype: 'y' } }),
        typedError('BAD_USER_INPUT', /no field "constructor"; This form has no field "prototype"/, 'INVALID_FIELD'),
      );
    });
    for (const bad of [NaN, Infinity, -1, 1.5, '3']) {
      it(`expected version ${String(bad)} is refused as bad input`, CASE, async () => {
        await assert.rejects(
          sys.tickets.setPriority(number, cora, { priority: 'low', expectedVersion: bad as number }),
          typedError('BAD_USER_INPUT', 'expectedVersion'),
        );
      });
    }
  });

  describe('racing moves: one wins, the others learn why, none is a server-side rejection', () => {
    const race = async (withVersion: boolean) => {
      const { ticket } = await create({ title: withVersion ? 'Race with version' : 'Race' });
      const { version } = await sys.tickets.settle(ticket.number);
      const moves = Array.from({ length: 8 }, () =>
        sys.tickets.move(ticket.number, sam, {
          transition: 'start',
          ...(withVersion && { expectedVersion: version }),
        }),
      );
      const results = await Promise.allSettled(moves);
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
      assert.equal(results.length - errors.length, 1, 'exactly one move wins');
      const { refused } = await sys.tickets.timeline(ticket.number);
      return { errors, refused };
    };
    it('with an expected version, the others get CONFLICT (STALE_VERSION)', CASE, async () => {
      const { errors, refused } = await race(true);
      for (const error of errors) {
        assert.ok(error instanceof AppError, String(error));
        assert.equal(error.code, 'CONFLICT', error.message);
        assert.ok(['STALE_VERSION', 'TOO_MANY_CONCURRENT_CHANGES'].includes(error.details.reason as string));
      }
      assert.ok(refused.every((r) => (r.details as { reason: string }).reason === 'STALE_VERSION'));
    });
    it('without one, the others get NOT_FROM_STATE', CASE, async () => {
      const { errors, refused } = await race(false);
      for (const error of errors) {
        assert.ok(error instanceof AppError, String(error));
        assert.ok(
          (error.code === 'INVALID_TRANSITION' && error.details.reason === 'NOT_FROM_STATE') ||
            error.code === 'CONFLICT',
          error.message,
        );
      }
      assert.ok(refused.every((r) => (r.details as { reason: string }).reason === 'NOT_FROM_STATE'));
    });
  });
});
