// What the command palette offers, as a list of sources: each a section (a heading and its items) made
// by a hook from what is typed. The palette shows the sections usePaletteSections returns, in order.
// To add one (as the queue's saved views are: useViewSource), write a hook that returns a PaletteSection
// (or null: no section) and add its call there — nothing else changes.
import { useQuery } from 'urql';
import { mayOpen, routes, type Href, type RouteName } from '../routes';
import type { SessionUser } from '../session/session';
import { SearchTickets, type SearchHit } from './operations';
import { useDebounced } from './useDebounced';
import { useViewSource } from './useViewSource';

export interface PaletteItem {
  /** Unique within the palette: becomes part of the option's element id. */
  id: string;
  label: string;
  /** A second line: a ticket's number, a snippet. */
  detail?: { number?: string; snippet?: SearchHit['snippet'] };
  href: Href;
}

export interface PaletteSection {
  heading: string;
  items: PaletteItem[];
  /** Still finding (a search in flight): Enter waits for it. */
  pending?: boolean;
  /** Said under the heading when there are no items (why). */
  empty?: string;
}

/** How long typing pauses before the palette searches. */
const DEBOUNCE_MS = 200;
/** Hits the palette shows; the rest are on the results page. */
const PALETTE_HITS = 8;

/** Tickets: the one a number names first, then the best hits and a way to all of them. */
export function useTicketSource(query: string): PaletteSection {
  const typed = query.trim().slice(0, 200);
  const settled = useDebounced(typed, DEBOUNCE_MS);
  const [result] = useQuery({
    query: SearchTickets,
    variables: { query: settled, first: PALETTE_HITS },
    pause: settled === '',
    requestPolicy: 'cache-and-network',
  });
  const heading = 'Tickets';
  if (typed === '') return { heading, items: [], empty: 'Type words or a ticket number.' };
  // Only an answer to what is typed now: while a new search runs, urql still holds the last one's.
  const answered = settled === typed && result.operation?.variables.query === typed && !result.stale;
  const found = answered ? result.data?.search : undefined;
  const pending = !found && !result.error;
  if (!found) return { heading, items: [], pending, empty: result.error ? 'Search failed: try again.' : 'Searching…' };
  const items: PaletteItem[] = [];
  if (found.jumpTo)
    items.push({
      id: `jump-${found.jumpTo.number}`,
      label: `Open ${found.jumpTo.number}: ${found.jumpTo.title}`,
      href: routes.ticket.href({ number: found.jumpTo.number }),
    });
  for (const hit of found.hits)
    if (hit.ticket.number !== found.jumpTo?.number)
      items.push({
        id: `ticket-${hit.ticket.number}`,
        label: hit.ticket.title,
        detail: { number: hit.ticket.number, snippet: hit.snippet },
        href: routes.ticket.href({ number: hit.ticket.number }),
      });
  if (found.totalCount > found.hits.length)
    items.push({
      id: 'all-results',
      label: `See all ${found.totalCount} results`,
      href: routes.search.href({ q: typed }),
    });
  return { heading, items, empty: 'No ticket matches.' };
}

/** Pages to go to and things to start, by route: only those the role may open; a route the table does
 * not have yet (the queue, until the queue part lands) is left out. */
const ACTIONS: { route: string; label: string }[] = [
  { route: 'newTicket', label: 'New ticket' },
  { route: 'board', label: 'Go to Board' },
  { route: 'queue', label: 'Go to Queue' },
  { route: 'dashboard', label: 'Go to Dashboard' },
  { route: 'myTickets', label: 'Go to My tickets' },
  { route: 'notifications', label: 'Go to Notifications' },
];

const isRouteName = (name: string): name is RouteName => Object.hasOwn(routes, name);

/** Actions whose label has every typed word (all of them before anything is typed). */
export function useActionSource(query: string, user: SessionUser): PaletteSection {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const items = ACTIONS.flatMap(({ route, label }) => {
    if (!isRouteName(route) || !mayOpen(route, user.role)) return [];
    if (!words.every((w) => label.toLowerCase().includes(w))) return [];
    return [{ id: `action-${route}`, label, href: (routes[route].href as () => Href)() }];
  });
  return { heading: 'Actions', items, empty: 'No action matches.' };
}

/** The palette's sections, in order: every source's hook, called on every render. */
export function usePaletteSections(query: string, user: SessionUser): PaletteSection[] {
  const sections = [useTicketSource(query), useActionSource(query, user), useViewSource(query, user)];
  return sections.filter((s): s is PaletteSection => s !== null);
}
