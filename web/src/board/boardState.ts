// The board as this tab knows it: every card read so far (first pages, further pages, live events,
// answers to moves), each column's count (of the cards matching the filters; and of all, filters
// aside) and where its next page starts. Cards sit in the column of their state; a move shows at once
// (optimistic) and is undone when the server refuses it; a ticket that stops matching leaves.
// It needs of a card and a column only what it keys, counts and sorts by (see BoardCard in operations.ts
// for all of them), so it imports nothing and its test runs without a browser (test/unit/web-board-state.test.ts).

export interface CardLike {
  number: string;
  state?: string | null;
  version: number;
  createdAt: string;
}

export interface ColumnLike<C> {
  state: string;
  count: number;
  /** The count filters aside (the count when omitted). */
  unfilteredCount?: number;
  cards: { nodes: C[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };
}

export interface PageState {
  cursor: string | null;
  hasNext: boolean;
}

export interface BoardState<C extends CardLike> {
  cards: Record<string, C>;
  counts: Record<string, number>;
  /** Counts filters aside: as read, then following the cards this tab knows of. */
  totals: Record<string, number>;
  pages: Record<string, PageState>;
}

export type BoardAction<C extends CardLike> =
  | { type: 'load'; columns: ColumnLike<C>[] }
  | { type: 'page'; state: string; cards: C[]; page: PageState }
  /** A ticket as the server says it is now (a move's answer, a live event). */
  | { type: 'upsert'; card: C }
  /** A ticket as the server says it is now, which no longer matches the board's filters. */
  | { type: 'drop'; card: C }
  /** A move shown before the server answers, or undone after it refused. */
  | { type: 'place'; number: string; state: string };

export const emptyBoard: BoardState<never> = { cards: {}, counts: {}, totals: {}, pages: {} };

function recount(counts: Record<string, number>, from: string | null | undefined, to: string | null | undefined) {
  if (from === to) return counts;
  const next = { ...counts };
  if (from) next[from] = Math.max(0, (next[from] ?? 0) - 1);
  if (to) next[to] = (next[to] ?? 0) + 1;
  return next;
}

export function boardReducer<C extends CardLike>(board: BoardState<C>, action: BoardAction<C>): BoardState<C> {
  switch (action.type) {
    case 'load': {
      const cards: Record<string, C> = {};
      const counts: Record<string, number> = {};
      const totals: Record<string, number> = {};
      const pages: Record<string, PageState> = {};
      for (const column of action.columns) {
        counts[column.state] = column.count;
        totals[column.state] = column.unfilteredCount ?? column.count;
        pages[column.state] = {
          cursor: column.cards.pageInfo.endCursor ?? null,
          hasNext: column.cards.pageInfo.hasNextPage,
        };
        for (const card of column.cards.nodes) cards[card.number] = card;
      }
      return { cards, counts, totals, pages };
    }
    case 'page': {
      const cards = { ...board.cards };
      // A card seen live since keeps its newer self.
      for (const card of action.cards) if (!cards[card.number]) cards[card.number] = card;
      return { ...board, cards, pages: { ...board.pages, [action.state]: action.page } };
    }
    case 'upsert': {
      const known = board.cards[action.card.number];
      // Answers and events can cross: an older version never replaces a newer one.
      if (known && known.version > action.card.version) return board;
      return {
        ...board,
        cards: { ...board.cards, [action.card.number]: action.card },
        counts: recount(board.counts, known?.state, action.card.state),
        totals: recount(board.totals, known?.state, action.card.state),
      };
    }
    case 'drop': {
      const known = board.cards[action.card.number];
      // Only a card on view leaves; an older version never overrides a newer one.
      if (!known || known.version > action.card.version) return board;
      const cards = { ...board.cards };
      delete cards[action.card.number];
      return {
        ...board,
        cards,
        counts: recount(board.counts, known.state, null),
        totals: recount(board.totals, known.state, action.card.state),
      };
    }
    case 'place': {
      const known = board.cards[action.number];
      if (!known) return board;
      return {
        ...board,
        cards: { ...board.cards, [action.number]: { ...known, state: action.state } },
        counts: recount(board.counts, known.state, action.state),
        totals: recount(board.totals, known.state, action.state),
      };
    }
  }
}

/** Cards of a column, newest first (as the server pages them). */
export function cardsIn<C extends CardLike>(
  board: BoardState<C>,
  state: string,
  keep: (card: C) => boolean = () => true,
): C[] {
  return Object.values(board.cards)
    .filter((card) => card.state === state && keep(card))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number.localeCompare(a.number));
}
