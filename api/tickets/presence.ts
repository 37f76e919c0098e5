// Who else is on a ticket, for one signed-in person: the heartbeat a page sends (reportTicketPresence)
// and the live list it shows (ticketPresence), over the replica's presence registry
// (api/live/presence.ts). Only people who may see the ticket report or watch; to anyone else it does
// not exist (NOT_FOUND). Staff who work the ticket see everyone on it and who is typing; anyone else
// (its requester, staff of another group who asked for it) sees who is viewing but never who is typing,
// since a person of staff typing may be writing an internal note.
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../../platform/errors.js';
import { notifyPresence } from '../../platform/live/presence-channel.js';
import type { User } from '../../platform/people/users.js';
import { worksOnTicket } from '../../platform/tickets/access.js';
import { findVisibleTicket } from '../../platform/tickets/queries.js';
import type { GraphQLContext } from '../graphql/context.js';
import { asPerson, requirePerson } from '../graphql/viewer.js';
import { presenceOf } from '../live/presence.js';
import { openLiveStream } from '../live/stream.js';

/** One other person on the ticket, as the subscriber may see them. */
export interface TicketViewerEntry {
  userId: string;
  typing: boolean;
}

/** A heartbeat: the person is on the ticket's page (typing or not) for the next PRESENCE_TTL_MS. */
export async function reportPresence(ctx: GraphQLContext, number: string, typing: boolean): Promise<true> {
  const user = requirePerson(ctx.viewer);
  await findVisibleTicket(ctx.db, asPerson(user), number);
  await notifyPresence(ctx.db, { number, userId: user.id, typing, left: false });
  return true;
}

/** The list of the other people on the ticket, now and at every change of what the subscriber sees. */
export function openPresenceStream(ctx: GraphQLContext, number: string) {
  const registry = presenceOf(ctx.live);
  return openLiveStream(
    ctx,
    (signal) => 'resync' in signal || ('presenceChanged' in signal && signal.presenceChanged === number),
    async (user) => {
      await findVisibleTicket(ctx.db, asPerson(user), number);
      const unwatch = registry.watch(number, user.id);
      let last: TicketViewerEntry[] | null = null;
      /** The list as the person may see it now; null when it is what they have, or they may not see the ticket. */
      const look = async function* (as: User) {
        const ticket = await findVisibleTicket(ctx.db, asPerson(as), number).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
          throw error;
        });
        if (!ticket) return;
        const staff = await worksOnTicket(ctx.db, asPerson(as), ticket.group_key);
        const list = registry
          .list(number)
          .filter((e) => e.userId !== as.id)
          .map((e) => ({ userId: e.userId, typing: staff && e.typing }));
        if (last && isDeepStrictEqual(list, last)) return;
        last = list;
        yield list;
      };
      return {
        start: look,
        read: (_, as) => look(as),
        close() {
          // The page closed: gone from every replica at once, unless another page of theirs here is open.
          if (unwatch())
            void notifyPresence(ctx.db, { number, userId: user.id, typing: false, left: true }).catch(() => {});
        },
      };
    },
    registry,
  );
}
