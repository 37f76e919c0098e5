// Property-based: whatever arrives at create, move and signal — U+0000, lone surrogates, megabyte
// strings, prototype keys, odd numbers — the answer is a typed error or the value stored intact, the
// read model equals the workflow, no row or text is left orphaned, and no ticket number is wasted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { visibleEvents } from '../../platform/tickets/timeline.js';
import { AppError } from '../../platform/errors.js';
import type { Person } from '../../workflows/ticket/model.js';
import { assertReadModelMatchesWorkflow, startTestSystem, type TestSystem } from '../support/system.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const TYPED = ['BAD_USER_INPUT', 'INVALID_TRANSITION', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND'];

// fast-check's default strings never hold U+0000 or lone surrogates: these arbitraries do.
const hardText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', 'x\uDC00', '\uDBFF\uDFFF', ' ', '', 'hardware', '😀'),
  fc.constantFrom('x'.repeat(1001), 'y'.repeat(50_001), 'z'.repeat(1_100_000)),
);
const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'category', 'question', 'resolution', 'message'),
  hardText,
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  hardText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, Number.NaN),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.constant({ text: 'not-a-stored-text' }),
);
/** Built with Object.fromEntries, which keeps a `__proto__` key as an own key, as JSON.parse does. */
const record = fc.array(fc.tuple(key, value), { maxLength: 4 }).map((entries) => Object.fromEntries(entries));

function assertTyped(error: unknown): void {
  assert.ok(error instanceof AppError, `a typed error, not ${String(error)}`);
  assert.ok(TYPED.includes(error.code), error.code);
  assert.ok(error.message.length < 10_000, `a short message (${error.message.length} characters)`);
}

describe('ticket service properties', () => {
  let sys: TestSystem;
  let erin: Person;
  let sam: Person;

  before(async () => {
    sys = await startTestSystem();
    erin = await sys.person('erin.employee@example.com');
    sam = await sys.person('sam.agent@example.com');
  });
  after(async () => {
    await sys.stop();
  });

  /** No ticket number used without a ticket; every stored text belongs to a ticket's description or events. */
  async function assertNothingOrphaned(): Promise<void> {
    const counters = await sys.db.selectFrom('ticket_counters').selectAll().execute();
    for (const { prefix, last } of counters) {
      const { n } = await sys.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('number', 'like', `${prefix}-%`)
        .executeTakeFirstOrThrow();
      assert.equal(Number(n), last, `${prefix}: every used number has its ticket`);
    }
    const orphans = await sys.db
      .selectFrom('ticket_texts as t')
      .select('t.id')
      .where('t.purpose', '!=', 'description')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ticket_events as e')
              .select('e.seq')
              .whereRef('e.ticket_id', '=', 't.ticket_id')
              .where(sql<boolean>`e.data::text like '%' || t.id::text || '%'`),
          ),
        ),
      )
      .execute();
    assert.deepEqual(orphans, [], 'no stored text without an event that refers to it');
    const unstarted = await sys.db.selectFrom('tickets').select('number').where('state', 'is', null).execute();
    assert.deepEqual(unstarted, [], 'no ticket row without its workflow');
  }

  it('create: a typed error or the ticket as sent', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        hardText,
        fc.option(hardText, { nil: undefined }),
        record,
        fc.constantFrom('hardware', 'software'),
        async (title, description, extra, category) => {
          const fields = { category, ...extra };
          let created;
          try {
            created = await sys.tickets.create(
              { process: 'it-support', title, description, requester: { userId: erin.userId }, fields },
              erin,
            );
          } catch (error) {
            assertTyped(error);
            return;
          }
          const row = await sys.tickets.get(created.ticket.number);
          assert.equal(row.title, title.trim(), 'the title as sent (trimmed)');
          assert.equal(row.fields.category, fields.category);
          await sys.tickets.settle(created.ticket.number);
          await assertReadModelMatchesWorkflow(sys, created.ticket.number);
        },
      ),
      { numRuns: RUNS },
    );
    await assertNothingOrphaned();
  });

  it('move: a typed error or the move with its fields as sent', { timeout: 600_000 }, async () => {
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Moves', requester: { userId: erin.userId }, fields: { category: 'hardware' } },
      erin,
    );
    await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('ask_requester', 'requester_replied', 'resolve', 'reopen'), hardText),
        fc.option(record, { nil: undefined }),
        fc.option(fc.oneof(fc.integer({ min: -2, max: 40 }), fc.double()), { nil: undefined }),
        async (transition, fields, expectedVersion) => {
          try {
            const moved = await sys.tickets.move(ticket.number, sam, { transition, fields, expectedVersion });
            for (const [k, v] of Object.entries(fields ?? {})) {
              if (typeof v === 'string' && k === 'category') assert.equal(moved.fields[k], v);
            }
          } catch (error) {
            assertTyped(error);
          }
          await assertReadModelMatchesWorkflow(sys, ticket.number);
        },
      ),
      { numRuns: RUNS },
    );
    await assertNothingOrphaned();
  });

  it('signal: a typed error or the signal recorded as sent', { timeout: 600_000 }, async () => {
    const { ticket } = await sys.tickets.create(
      { process: 'it-support', title: 'Signals', requester: { userId: erin.userId }, fields: { category: 'hardware' } },
      erin,
    );
    await sys.tickets.move(ticket.number, sam, { transition: 'start' });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant('requester.replied'), hardText),
        record,
        hardText,
        fc.oneof(fc.constant('mail'), hardText),
        fc.boolean(),
        async (name, payload, idempotencyKey, source, askFirst) => {
          if (askFirst) {
            await sys.tickets
              .move(ticket.number, sam, { transition: 'ask_requester', fields: { question: '?' } })
              .catch(() => {});
          }
          try {
            const outcome = await sys.tickets.deliverSignal(ticket.number, { name, payload, idempotencyKey, source });
            const { events } = await sys.tickets.timeline(ticket.number);
            const received = events.filter((e) => e.type === 'signal_received').at(-1)!;
            // Payload texts are stored apart, by id: read back, the payload is as sent.
            const [shown] = await visibleEvents(
              sys.db,
              await sys.tickets.get(ticket.number),
              true,
              [received],
              'AGENT',
            );
            assert.equal(shown?.type, 'signal_received');
            if (!outcome.duplicate) assert.deepEqual(shown.data.payload, payload, 'the payload as sent');
          } catch (error) {
            assertTyped(error);
          }
          await assertReadModelMatchesWorkflow(sys, ticket.number);
        },
      ),
      { numRuns: RUNS },
    );
    await assertNothingOrphaned();
  });
});
