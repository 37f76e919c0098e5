// Who is on a ticket's page, as this API replica knows it. Presence is kept in memory, per replica, and
// shared across replicas by NOTIFY alone: a heartbeat (reportTicketPresence, every ~10 s from the page)
// is one notice on the ticket_presence channel, and every replica, this one included, hears it through
// its one LISTEN connection and updates its own list. Nothing is written: presence is worth nothing a
// minute later, and a table would cost a write per heartbeat per person for what NOTIFY already carries
// to every replica. A replica that starts (or loses its LISTEN connection) knows nobody until the next
// heartbeats, at most one interval later.
//
// An entry expires PRESENCE_TTL_MS after the last heartbeat this replica heard; a page that closes its
// ticketPresence stream sends a "left" notice, so the person disappears from every replica at once.
// The registry re-announces each change (a notice applied, an entry expired) to its own subscribers as
// a `{ presenceChanged: number }` signal, which the ticketPresence streams wake on.
import type { LiveSignal, TicketEventSource } from './listener.js';

/** How long a heartbeat keeps a person on a ticket: three missed heartbeats of ~10 s. */
export const PRESENCE_TTL_MS = 30_000;
/** How often expired entries are looked for, while there are any entries at all. */
const SWEEP_MS = 1_000;

export interface PresenceEntry {
  userId: string;
  typing: boolean;
  expiresAt: number;
}

/** What the registry tells its subscribers: the list of a ticket changed, or everything may have. */
export type PresenceSignal = Extract<LiveSignal, { presenceChanged: string } | { resync: true }>;

export interface PresenceRegistry {
  /** The people on the ticket now, in the order they came. */
  list(number: string): PresenceEntry[];
  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: (signal: LiveSignal) => void): () => void;
  /** A page of this replica opened the ticket's stream: returns what to call when it closes, which
   * says whether it was that person's last open stream of the ticket here. */
  watch(number: string, userId: string): () => boolean;
}

const registries = new WeakMap<Pick<TicketEventSource, 'subscribe'>, PresenceRegistry>();

/** The replica's registry, fed by its event source (made on first use, one per source). */
export function presenceOf(source: Pick<TicketEventSource, 'subscribe'>): PresenceRegistry {
  let registry = registries.get(source);
  if (!registry) registries.set(source, (registry = createPresenceRegistry(source)));
  return registry;
}

export function createPresenceRegistry(source: Pick<TicketEventSource, 'subscribe'>): PresenceRegistry {
  const tickets = new Map<string, Map<string, PresenceEntry>>();
  const listeners = new Set<(signal: LiveSignal) => void>();
  const watchers = new Map<string, number>();
  let sweeper: NodeJS.Timeout | undefined;

  const emit = (signal: PresenceSignal) => {
    for (const listener of listeners) listener(signal);
  };

  function sweep(): void {
    const now = Date.now();
    for (const [number, entries] of tickets) {
      let changed = false;
      for (const [userId, entry] of entries)
        if (entry.expiresAt <= now) {
          entries.delete(userId);
          changed = true;
        }
      if (entries.size === 0) tickets.delete(number);
      if (changed) emit({ presenceChanged: number });
    }
    if (tickets.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  }

  source.subscribe((signal) => {
    if ('resync' in signal) {
      // Notices may have been lost: the lists stand until heartbeats renew or expiry removes them.
      emit(signal);
      return;
    }
    if (!('presence' in signal)) return;
    const { number, userId, typing, left } = signal.presence;
    const entries = tickets.get(number) ?? new Map<string, PresenceEntry>();
    const before = entries.get(userId);
    if (left) {
      if (!before) return;
      entries.delete(userId);
      if (entries.size === 0) tickets.delete(number);
    } else {
      // A renewed entry keeps its place in the list.
      if (before) Object.assign(before, { typing, expiresAt: Date.now() + PRESENCE_TTL_MS });
      else entries.set(userId, { userId, typing, expiresAt: Date.now() + PRESENCE_TTL_MS });
      tickets.set(number, entries);
      sweeper ??= setInterval(sweep, SWEEP_MS).unref();
    }
    // Every stream compares the list it would send with the last it sent: a heartbeat that changes
    // nothing it shows sends nothing.
    emit({ presenceChanged: number });
  });

  return {
    list: (number) => [...(tickets.get(number)?.values() ?? [])].filter((e) => e.expiresAt > Date.now()),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watch(number, userId) {
      const key = `${number}/${userId}`;
      watchers.set(key, (watchers.get(key) ?? 0) + 1);
      let closed = false;
      return () => {
        if (closed) return false;
        closed = true;
        const left = (watchers.get(key) ?? 1) - 1;
        if (left > 0) watchers.set(key, left);
        else watchers.delete(key);
        return left === 0;
      };
    },
  };
}
