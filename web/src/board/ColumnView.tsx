// A column of the board: a drop target, and a virtualized list of its cards (only those in view are
// in the page, so a column of a thousand cards scrolls smoothly); under them the Pager, which asks for
// the next page as the end of what was read nears (or when pressed). Filtered, its count reads
// "3 of 120"; a done column says how far back it reaches.
import { useDroppable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Pager } from '../components/Pager';
import { DraggableCard } from './CardView';
import type { Card, Column } from './operations';
import type { BoardSelection } from './useSelection';

interface ColumnViewProps {
  column: Column;
  cards: Card[];
  count: number;
  /** The count filters aside. */
  total: number;
  filtered: boolean;
  hasNext: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** While a card is dragged: whether it may come here (undefined when nothing is dragged). */
  droppable: boolean | undefined;
  pending: Set<string>;
  /** A tap or click on a card's Move button: ask where to. */
  onMoveTo: (card: Card) => void;
  /** While cards are being selected for a bulk action. */
  selection?: BoardSelection;
}

export function ColumnView(props: ColumnViewProps) {
  const { column, cards, count, total, filtered, hasNext, loadingMore, loadMore, droppable, pending, onMoveTo } = props;
  const { selection } = props;
  const allSelected = cards.length > 0 && !!selection && cards.every((c) => selection.isSelected(c.number));
  const { setNodeRef, isOver } = useDroppable({ id: column.state, data: { column } });
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer measures rows as they render; this component is left unmemoized for it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 120,
    overscan: 6,
    getItemKey: (index) => cards[index]!.number,
  });
  const items = virtualizer.getVirtualItems();

  const mark = droppable === undefined ? '' : droppable ? ' may-drop' : ' may-not-drop';
  const headingId = `column-${column.state}`;
  return (
    <section
      ref={setNodeRef}
      className={`board-column category-${column.category}${mark}${isOver ? ' is-over' : ''}`}
      aria-labelledby={headingId}
      data-state={column.state}
    >
      <h3 id={headingId} className="board-column-heading">
        {column.label}{' '}
        <span className="board-count">
          {filtered && total ? `${count} of ${total}` : count}
          <span className="visually-hidden"> tickets{filtered && ' match the filters'}</span>
        </span>
        {column.doneSince && <span className="board-window">last {daysSince(column.doneSince)} days</span>}
        {column.fromOlderVersion && <span className="board-older">older version</span>}
        {droppable === false && <span className="board-no-drop">cannot move here</span>}
      </h3>
      {selection && cards.length > 0 && (
        <label className="board-select-all">
          <input
            type="checkbox"
            checked={allSelected}
            onChange={(e) =>
              selection.selectAll(
                cards.map((c) => c.number),
                e.target.checked,
              )
            }
          />
          Select all {cards.length} in {column.label}
        </label>
      )}
      <div ref={scroller} className="board-column-scroll" tabIndex={-1}>
        {cards.length === 0 && !hasNext ? (
          <p className="board-empty muted">{filtered && total ? 'No card matches the filters.' : 'No tickets.'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const card = cards[item.index]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="board-virtual-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <DraggableCard
                    card={card}
                    pending={pending.has(card.number)}
                    onMoveTo={onMoveTo}
                    selection={selection}
                  />
                </div>
              );
            })}
          </div>
        )}
        <Pager
          what={`tickets in ${column.label}`}
          hasNext={hasNext}
          loading={loadingMore}
          onMore={loadMore}
          autoLoadIn={scroller}
        />
      </div>
    </section>
  );
}

/** Whole days from a done column's window start to now: the window the server chose. */
const daysSince = (iso: string) => Math.round((Date.now() - Date.parse(iso)) / 86_400_000);
