// The board as this tab knows it: every card read so far (first pages, further pages, live events,
// answers to moves), each column's count and where its next page starts. Cards sit in the column of
// their state; a move shows at once (optimistic) and is undone when the server refuses it.
import type { Card, Column } from './queries';

export interface PageState {
  cursor: string | null;
  hasNext: boolean;
}

export interface BoardState {
  cards: Record<string, Card>;
  counts: Record<string, number>;
  pages: Record<string, PageState>;
}

export type BoardAction =
  | { type: 'load'; columns: Column[] }
  | { type: 'page'; state: string; cards: Card[]; page: PageState }
  /** A ticket as the server says it is now (a move's answer, a live event). */
  | { type: 'upsert'; card: Card }
  /** A move shown before the server answers, or undone after it refused. */
  | { type: 'place'; number: string; state: string };

export const emptyBoard: BoardState = { cards: {}, counts: {}, pages: {} };

function recount(counts: Record<string, number>, from: string | null | undefined, to: string | null | undefined) {
  if (from === to) return counts;
  const next = { ...counts };
  if (from) next[from] = Math.max(0, (next[from] ?? 0) - 1);
  if (to) next[to] = (next[to] ?? 0) + 1;
  return next;
}

export function boardReducer(board: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case 'load': {
      const cards: Record<string, Card> = {};
      const counts: Record<string, number> = {};
      const pages: Record<string, PageState> = {};
      for (const column of action.columns) {
        counts[column.state] = column.count;
        pages[column.state] = {
          cursor: column.cards.pageInfo.endCursor ?? null,
          hasNext: column.cards.pageInfo.hasNextPage,
        };
        for (const card of column.cards.nodes) cards[card.number] = card;
      }
      return { cards, counts, pages };
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
      };
    }
    case 'place': {
      const known = board.cards[action.number];
      if (!known) return board;
      return {
        ...board,
        cards: { ...board.cards, [action.number]: { ...known, state: action.state } },
        counts: recount(board.counts, known.state, action.state),
      };
    }
  }
}

/** Cards of a column, newest first (as the server pages them). */
export function cardsIn(board: BoardState, state: string, keep: (card: Card) => boolean): Card[] {
  return Object.values(board.cards)
    .filter((card) => card.state === state && keep(card))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number.localeCompare(a.number));
}
