// Live streams of ticket changes for one signed-in person: a board (every ticket of a process they may
// see) or one ticket. Woken by the listener's notices, each change is read back from the read model,
// so a stream carries only what the person may see now (visibility is checked per change: a ticket may
// move to another group) and only what is committed. A stream ends, with an error as its last event,
// when the person is deactivated, their sign-in ends (logout, revocation) or their access token expires.
import type { Selectable } from 'kysely';
import { AppError, notFound } from '../../platform/errors.js';
import type { TicketsTable } from '../../platform/store/schema.js';
import type { User } from '../../platform/people/users.js';
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import { currentAccount, tokenExpiry } from '../live/account.js';
import type { LiveSignal } from '../live/listener.js';
import { closingWith, wakeups, type Wakeups } from '../live/wakeups.js';
import { findVisibleTicket } from '../../platform/tickets/queries.js';
import { readVisibleEvents, worksOnTicket } from '../../platform/tickets/timeline.js';

/** How often a quiet stream checks the account and the token. */
const ACCOUNT_CHECK_MS = 2_000;
/** Changes committed this long before a resume point (or a lost connection) are looked at again. */
const RESUME_MARGIN_MS = 30_000;

type TicketRow = Selectable<TicketsTable>;
export interface LiveTicketEvent {
  ticket: TicketRow;
  events: Awaited<ReturnType<typeof readVisibleEvents>>['visible'];
  seq: number;
  observedAt: Date;
}

/** One ticket's changes after `afterSeq` (replayed at once), or from now on. */
export async function openTicketStream(ctx: GraphQLContext, number: string, afterSeq: number | null) {
  const user = requirePerson(ctx.viewer);
  return follow(
    ctx,
    user,
    (signal) => 'resync' in signal || ('number' in signal && signal.number === number),
    async () => {
      const ticket = await findVisibleTicket(ctx.db, asPerson(user), number);
      return {
        delivered: new Map([[number, afterSeq ?? ticket.seq]]),
        replay: afterSeq === null ? [] : [number],
        missed: async () => [number],
      };
    },
  );
}

/** Every change of the tickets of a process the person may see; with `since`, first those since then. */
export async function openBoardStream(ctx: GraphQLContext, processKey: string, since: Date | null) {
  const user = requirePerson(ctx.viewer);
  const changedSince = async (at: Date) =>
    (
      await ctx.db
        .selectFrom('tickets')
        .select('number')
        .where('process_key', '=', processKey)
        .where('updated_at', '>=', new Date(at.getTime() - RESUME_MARGIN_MS))
        .orderBy('updated_at')
        .execute()
    ).map((t) => t.number);
  return follow(
    ctx,
    user,
    (signal) => 'resync' in signal || ('process' in signal && signal.process === processKey),
    async () => {
      const process = await ctx.db
        .selectFrom('process_versions')
        .select('key')
        .where('key', '=', processKey)
        .executeTakeFirst();
      if (!process) throw notFound('Process', processKey);
      return { delivered: new Map(), replay: since ? await changedSince(since) : [], since, missed: changedSince };
    },
  );
}

interface Stream {
  /** The last seq the subscriber has, by ticket number. */
  delivered: Map<string, number>;
  /** Tickets to look at before anything else. */
  replay: string[];
  /** Where a replay of a ticket not in `delivered` starts: its events since then. */
  since?: Date | null;
  /** Tickets that may have changed while notices were lost (from `lostAt` on). */
  missed(lostAt: Date): Promise<string[]>;
}

type Outcome = LiveTicketEvent | AppError;

/**
 * Listens first, then reads where the stream starts (`prepare`, whose errors refuse the subscription):
 * a change committed in between comes as a notice, and one already read is dropped as a repeat.
 */
async function follow(
  ctx: GraphQLContext,
  user: User,
  wanted: (signal: LiveSignal) => boolean,
  prepare: () => Promise<Stream>,
): Promise<AsyncIterableIterator<Outcome, void>> {
  const expiresAt = tokenExpiry(ctx);
  const wakes = wakeups(ctx.live, { tickMs: ACCOUNT_CHECK_MS, wanted });
  let stream: Stream;
  try {
    stream = await prepare();
  } catch (error) {
    wakes.close();
    throw error;
  }
  return closingWith(run(ctx, user, stream, wakes, expiresAt), wakes);
}

/** For a ticket the subscriber has nothing of: the last seq they have, as far as the stream knows. */
type StartAfter = (ticket: TicketRow) => Promise<number>;

async function* run(ctx: GraphQLContext, signedIn: User, stream: Stream, wakes: Wakeups, expiresAt: number) {
  let user = signedIn;
  const look = async function* (numbers: string[], startAfter: StartAfter) {
    for (const number of new Set(numbers)) {
      const event = await deliver(ctx, user, stream.delivered, number, startAfter);
      if (event) yield event;
    }
  };
  /** The events before `at` the subscriber is taken to have; those since then it gets (again). */
  const before = (at: Date) => (ticket: TicketRow) => lastSeqBefore(ctx, ticket, at);
  try {
    if (stream.since) yield* look(stream.replay, before(stream.since));
    else yield* look(stream.replay, async (ticket) => ticket.seq);
    for (;;) {
      const wake = await wakes.next();
      if ('closed' in wake) return;
      const account = await currentAccount(ctx, user.id, expiresAt);
      if (account instanceof AppError) {
        yield account;
        return;
      }
      user = account;
      // What the event's fields resolve for (a ticket's timeline, its workflow link) follows the account too.
      if (ctx.viewer.kind === 'person') ctx.viewer = { ...ctx.viewer, user };
      if ('resync' in wake) yield* look(await stream.missed(wake.lostAt), before(wake.lostAt));
      else if ('number' in wake) yield* look([wake.number], async () => wake.from - 1);
    }
  } finally {
    wakes.close();
  }
}

/** The ticket's change the subscriber does not have yet, if they may see the ticket; null otherwise. */
async function deliver(
  ctx: GraphQLContext,
  user: User,
  delivered: Map<string, number>,
  number: string,
  startAfter: StartAfter,
): Promise<LiveTicketEvent | null> {
  const ticket = await findVisibleTicket(ctx.db, asPerson(user), number).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  if (!ticket) return null;
  const after = delivered.get(number) ?? (await startAfter(ticket));
  // A notice sent again (a retried projection) or one the stream already caught up on.
  if (ticket.seq <= after) return null;
  const staff = await worksOnTicket(ctx.db, asPerson(user), ticket.group_key);
  const events = await readVisibleEvents(ctx.db, ticket, staff, { after, upTo: ticket.seq });
  delivered.set(number, ticket.seq);
  // A change that only added what the person may not see (an internal note) is not news to them.
  if (events.total > 0 && events.visible.length === 0) return null;
  return { ticket, events: events.visible, seq: ticket.seq, observedAt: new Date() };
}

async function lastSeqBefore(ctx: GraphQLContext, ticket: TicketRow, at: Date): Promise<number> {
  const found = await ctx.db
    .selectFrom('ticket_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('ticket_id', '=', ticket.id)
    .where('at', '<', new Date(at.getTime() - RESUME_MARGIN_MS))
    .executeTakeFirst();
  return found?.seq ?? 0;
}
