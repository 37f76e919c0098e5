// The API process's ear on the ticket_events, user_notifications and ticket_presence channels: ONE dedicated Postgres
// connection that LISTENs and fans every notice out to the subscribers of this process. Every replica has its own, so a change
// committed through any replica (or by any worker) reaches the subscribers of all of them. A lost
// connection is opened again with backoff; subscribers then hear 'resync' and catch up on what they
// may have missed from the read model.
import pg from 'pg';
import type { Logger } from '../../platform/log.js';
import { parseTicketNotice, TICKET_EVENTS_CHANNEL, type TicketNotice } from '../../platform/live/channel.js';
import { parseUserNotice, USER_NOTIFICATIONS_CHANNEL, type UserNotice } from '../../platform/live/user-channel.js';
import {
  parsePresenceNotice,
  TICKET_PRESENCE_CHANNEL,
  type PresenceNotice,
} from '../../platform/live/presence-channel.js';

/** A notice, or word that the connection was lost at `lostAt` and is back: notices may be missing; or
 * (from the presence registry, api/live/presence.ts, never from the connection) that the list of people on
 * a ticket changed. */
export type LiveSignal =
  TicketNotice | UserNotice | PresenceNotice | { presenceChanged: string } | { resync: true; lostAt: Date };

/** Parsers of the channels listened to, by channel. */
const parsers: Record<string, (payload: string | undefined) => LiveSignal | null> = {
  [TICKET_EVENTS_CHANNEL]: parseTicketNotice,
  [USER_NOTIFICATIONS_CHANNEL]: parseUserNotice,
  [TICKET_PRESENCE_CHANNEL]: parsePresenceNotice,
};

export interface TicketEventSource {
  /** Calls `listener` for every signal until the returned function is called. */
  subscribe(listener: (signal: LiveSignal) => void): () => void;
  /** The server process of the LISTEN connection, while there is one. */
  readonly backendPid: number | null;
  /**
   * A live stream's hold on the source until it has ended (the returned release, idempotent): stop()
   * calls `close` on every stream still held, then waits for their releases, so that no stream still
   * reads the database when the process closes it.
   */
  hold(close: () => void): () => void;
  /** Ends every stream held and waits (at most `drainMs`) until they have finished their reads; then stops listening. */
  stop(drainMs?: number): Promise<void>;
}

/** How long stop() waits for streams to finish a read under way by default. */
const DRAIN_MS = 5_000;

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/** Starts listening; resolves once the first LISTEN is in place (or keeps trying in the background). */
export async function startTicketEventSource(connectionString: string, log: Logger): Promise<TicketEventSource> {
  const listeners = new Set<(signal: LiveSignal) => void>();
  /** The streams held: each one's close, and the release that ends its hold. */
  const held = new Map<symbol, { close: () => void; released: Promise<void> }>();
  let client: pg.Client | null = null;
  let stopped = false;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  /** Since when no connection has listened: notices of that time may be missing. */
  let lostSince: Date | null = null;

  const emit = (signal: LiveSignal) => {
    for (const listener of listeners) {
      try {
        listener(signal);
      } catch (error) {
        log.warn({ err: error }, 'a live subscriber failed on a notice');
      }
    }
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString, application_name: 'ticketflow-live' });
    // Once: a connection that fails (or is terminated) reconnects exactly once.
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === next) client = null;
      next.removeAllListeners('notification');
      void next.end().catch(() => {});
      if (stopped) return;
      lostSince ??= new Date();
      log.warn({ err: error }, 'the live updates connection to Postgres was lost; reconnecting');
      scheduleConnect();
    };
    next.on('error', onLost);
    next.on('end', () => onLost());
    next.on('notification', (message) => {
      const parse = parsers[message.channel];
      if (!parse) return;
      const notice = parse(message.payload);
      if (notice) emit(notice);
      else
        log.warn({ channel: message.channel, payload: message.payload?.slice(0, 200) }, 'ignored a malformed notice');
    });
    try {
      await next.connect();
      for (const channel of Object.keys(parsers)) await next.query(`listen ${channel}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryMs = FIRST_RETRY_MS;
    if (lostSince) {
      log.info('the live updates connection is back');
      emit({ resync: true, lostAt: lostSince });
      lostSince = null;
    }
  }

  function scheduleConnect(): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  await connect();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get backendPid() {
      return (client as unknown as { processID?: number } | null)?.processID ?? null;
    },
    hold(close) {
      const id = Symbol('stream');
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      held.set(id, { close, released });
      // A stream that opens while the process stops ends at once.
      if (stopped) close();
      return () => {
        held.delete(id);
        release();
      };
    },
    async stop(drainMs = DRAIN_MS) {
      stopped = true;
      clearTimeout(retryTimer);
      const streams = [...held.values()];
      for (const stream of streams) stream.close();
      if (streams.length) {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), drainMs)));
        const outcome = await Promise.race([Promise.all(streams.map((s) => s.released)), late]);
        clearTimeout(timer);
        if (outcome === 'late') log.warn({ streams: held.size }, 'live streams still reading at shutdown');
      }
      listeners.clear();
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
