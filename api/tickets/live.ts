// Live streams of ticket changes for one signed-in person: a board (every ticket of a process they may
// see) or one ticket, on the one live loop (api/live/stream.ts). Woken by the listener's notices, each
// change is read back from the read model, so a stream carries only what the person may see now
// (visibility is checked per change: a ticket may move to another group) and only what is committed.
import type { Selectable } from 'kysely';
import { AppError, notFound } from '../../platform/errors.js';
import type { User } from '../../platform/people/users.js';
import { findPublished } from '../../platform/processes/processes.js';
import type { TicketsTable } from '../../platform/store/schema.js';
import { worksOnTicket } from '../../platform/tickets/access.js';
import { lastSeqBefore, ticketsChangedSince } from '../../platform/tickets/live-reads.js';
import { findVisibleTicket } from '../../platform/tickets/queries.js';
import { readVisibleEvents } from '../../platform/tickets/timeline.js';
import { audienceOf } from '../../workflows/process/field-access.js';
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson } from '../graphql/viewer.js';
import type { LiveSignal } from '../live/listener.js';
import { openLiveStream, type LiveFeed } from '../live/stream.js';

type TicketRow = Selectable<TicketsTable>;
export interface LiveTicketEvent {
  ticket: TicketRow;
  events: Awaited<ReturnType<typeof readVisibleEvents>>['visible'];
  seq: number;
  observedAt: Date;
}

/** One ticket's changes after `afterSeq` (replayed at once), or from now on. */
export function openTicketStream(ctx: GraphQLContext, number: string, afterSeq: number | null) {
  return openLiveStream(
    ctx,
    (signal) => 'resync' in signal || ('number' in signal && signal.number === number),
    async (user) => {
      const ticket = await findVisibleTicket(ctx.db, asPerson(user), number);
      return ticketFeed(ctx, {
        delivered: new Map([[number, afterSeq ?? ticket.seq]]),
        replay: afterSeq === null ? [] : [number],
        missed: async () => [number],
      });
    },
  );
}

/** Every change of the tickets of a process the person may see; with `since`, first those since then. */
export function openBoardStream(ctx: GraphQLContext, processKey: string, since: Date | null) {
  const changedSince = (at: Date) => ticketsChangedSince(ctx.db, processKey, at);
  return openLiveStream(
    ctx,
    (signal: LiveSignal) => 'resync' in signal || ('process' in signal && signal.process === processKey),
    async () => {
      if (!(await findPublished(ctx.db, processKey))) throw notFound('Process', processKey);
      return ticketFeed(ctx, {
        delivered: new Map(),
        replay: since ? await changedSince(since) : [],
        since,
        missed: changedSince,
      });
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

/** For a ticket the subscriber has nothing of: the last seq they have, as far as the stream knows. */
type StartAfter = (ticket: TicketRow) => Promise<number>;

function ticketFeed(ctx: GraphQLContext, stream: Stream): LiveFeed<LiveTicketEvent> {
  const look = async function* (user: User, numbers: string[], startAfter: StartAfter) {
    for (const number of new Set(numbers)) {
      const event = await deliver(ctx, user, stream.delivered, number, startAfter);
      if (event) yield event;
    }
  };
  /** The events before `at` the subscriber is taken to have; those since then it gets (again). */
  const before = (at: Date) => (ticket: TicketRow) => lastSeqBefore(ctx.db, ticket.id, at);
  return {
    start: (user) => look(user, stream.replay, stream.since ? before(stream.since) : async (ticket) => ticket.seq),
    async *read(notice, user) {
      if ('resync' in notice) yield* look(user, await stream.missed(notice.lostAt), before(notice.lostAt));
      else if ('number' in notice) yield* look(user, [notice.number], async () => notice.from - 1);
    },
  };
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
  const audience = audienceOf(user.role, staff);
  const events = await readVisibleEvents(ctx.db, ticket, staff, { after, upTo: ticket.seq }, audience);
  delivered.set(number, ticket.seq);
  // A change that only added what the person may not see (an internal note) is not news to them.
  if (events.total > 0 && events.visible.length === 0) return null;
  return { ticket, events: events.visible, seq: ticket.seq, observedAt: new Date() };
}
