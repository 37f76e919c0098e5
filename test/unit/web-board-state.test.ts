// The board's local state (web/src/board/boardState.ts), without a browser: a move shows at once and
// is undone exactly, counts (filtered and not) follow the cards, an older answer never replaces a newer
// ticket, a ticket that stops matching the filters leaves, and a page of a column does not undo what a
// live event brought.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  boardReducer,
  cardsIn,
  emptyBoard,
  type BoardState,
  type CardLike,
  type ColumnLike,
} from '../../web/src/board/boardState.js';

type Card = CardLike & { title: string };

const card = (number: string, state: string, version = 1, createdAt = '2026-12-01T00:00:00.000Z'): Card => ({
  number,
  title: `Ticket ${number}`,
  state,
  version,
  createdAt,
});

const column = (
  state: string,
  cards: Card[],
  count = cards.length,
  hasNextPage = false,
  unfilteredCount = count,
): ColumnLike<Card> => ({
  state,
  count,
  unfilteredCount,
  cards: { nodes: cards, pageInfo: { hasNextPage, endCursor: hasNextPage ? 'c1' : null } },
});

const loaded = (): BoardState<Card> =>
  boardReducer<Card>(emptyBoard, {
    type: 'load',
    columns: [
      column('new', [card('IT-2', 'new', 1, '2026-12-02T00:00:00.000Z'), card('IT-1', 'new')], 60, true),
      column('done', []),
    ],
  });

describe('the board state', () => {
  it('places a card at once and puts it back exactly', () => {
    const before = loaded();
    const moved = boardReducer(before, { type: 'place', number: 'IT-1', state: 'done' });
    assert.deepEqual(moved.counts, { new: 59, done: 1 });
    assert.deepEqual(
      cardsIn(moved, 'done', () => true).map((c) => c.number),
      ['IT-1'],
    );
    const back = boardReducer(moved, { type: 'place', number: 'IT-1', state: 'new' });
    assert.deepEqual(back.counts, before.counts);
    assert.deepEqual(
      cardsIn(back, 'new', () => true).map((c) => c.number),
      ['IT-2', 'IT-1'],
    );
  });

  it('counts a new ticket in, and ignores an older version of a known one', () => {
    const board = boardReducer(loaded(), { type: 'upsert', card: card('IT-3', 'new') });
    assert.equal(board.counts.new, 61);
    const newer = boardReducer(board, { type: 'upsert', card: card('IT-1', 'done', 3) });
    const stale = boardReducer(newer, { type: 'upsert', card: card('IT-1', 'new', 2) });
    assert.equal(stale, newer);
    assert.deepEqual(newer.counts, { new: 60, done: 1 });
  });

  it('keeps a live change when a later page brings the ticket as it was', () => {
    const live = boardReducer(loaded(), { type: 'upsert', card: card('IT-0', 'done', 2) });
    const paged = boardReducer(live, {
      type: 'page',
      state: 'new',
      cards: [card('IT-0', 'new', 1)],
      page: { cursor: 'c2', hasNext: false },
    });
    assert.equal(paged.cards['IT-0']?.state, 'done');
    assert.deepEqual(paged.pages.new, { cursor: 'c2', hasNext: false });
  });

  it('takes a ticket that stops matching the filters off the board, and keeps counting it filters aside', () => {
    const filtered = boardReducer<Card>(emptyBoard, {
      type: 'load',
      columns: [
        column('new', [card('IT-2', 'new'), card('IT-1', 'new')], 2, false, 60),
        column('done', [], 0, false, 5),
      ],
    });
    assert.deepEqual(
      [filtered.counts, filtered.totals],
      [
        { new: 2, done: 0 },
        { new: 60, done: 5 },
      ],
    );
    const dropped = boardReducer(filtered, { type: 'drop', card: card('IT-1', 'done', 2) });
    assert.equal(dropped.cards['IT-1'], undefined);
    assert.deepEqual(
      [dropped.counts, dropped.totals],
      [
        { new: 1, done: 0 },
        { new: 59, done: 6 },
      ],
    );
    assert.equal(boardReducer(dropped, { type: 'drop', card: card('IT-9', 'new') }), dropped, 'unknown: nothing to do');
    const stale = boardReducer(filtered, { type: 'drop', card: card('IT-2', 'done', 0) });
    assert.equal(stale, filtered, 'an older version never takes a newer card away');
  });

  it('filters a column with the given test', () => {
    assert.deepEqual(
      cardsIn(loaded(), 'new', (c) => c.number === 'IT-1').map((c) => c.number),
      ['IT-1'],
    );
  });
});
