// One card: number (a link to the ticket), title, priority, assignee and the SLA countdown. The whole
// card drags with the mouse, and by touch after a press held still (so a swipe scrolls the board); its
// "Move" button picks it up from the keyboard (Space, arrows, Space), and a tap or click on it asks
// where to (onMoveTo), so that the link and the handle stay two separate controls and a touch on the
// button never starts a drag. While cards are selected for a bulk action, a checkbox leads the card.
import { useDraggable } from '@dnd-kit/core';
import type { KeyboardEventHandler, MouseEventHandler, ReactNode, TouchEventHandler } from 'react';
import { PriorityBadge } from '../components/PriorityBadge';
import { SlaBadge } from '../components/SlaBadge';
import { Link } from '../router';
import { routes } from '../routes';
import type { Card } from './operations';
import type { BoardSelection } from './useSelection';

interface CardViewProps {
  card: Card;
  overlay?: boolean;
  handle?: ReactNode;
  /** The card's checkbox while cards are selected for a bulk action. */
  select?: ReactNode;
}

export function CardView({ card, overlay = false, handle, select }: CardViewProps) {
  return (
    <div className={`board-card${overlay ? ' board-card-overlay' : ''}`}>
      <div className="board-card-top">
        {select}
        <Link href={routes.ticket.href({ number: card.number })} className="board-card-number" draggable={false}>
          {card.number}
        </Link>
        <PriorityBadge priority={card.priority} />
      </div>
      <p className="board-card-title">{card.title}</p>
      <div className="board-card-meta">
        <span className="muted">{card.assignee ? card.assignee.name : 'Unassigned'}</span>
        <SlaBadge slas={card.slas} />
        {handle}
      </div>
    </div>
  );
}

export function DraggableCard({
  card,
  pending,
  onMoveTo,
  selection,
}: {
  card: Card;
  pending: boolean;
  onMoveTo: (card: Card) => void;
  selection?: BoardSelection;
}) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: card.number,
    data: { card },
  });
  // The sensors' handlers: mouse and touch on the whole card, keys on the handle.
  const on = listeners as
    | {
        onMouseDown?: MouseEventHandler<HTMLElement>;
        onTouchStart?: TouchEventHandler<HTMLElement>;
        onKeyDown?: KeyboardEventHandler<HTMLElement>;
      }
    | undefined;
  return (
    <div
      ref={setNodeRef}
      className={`board-card-slot${isDragging ? ' is-dragging' : ''}${pending ? ' is-pending' : ''}`}
      onMouseDown={on?.onMouseDown}
      onTouchStart={on?.onTouchStart}
      data-card={card.number}
    >
      <CardView
        card={card}
        select={
          selection && (
            <input
              type="checkbox"
              className="board-card-select"
              aria-label={`Select ${card.number}`}
              checked={selection.isSelected(card.number)}
              onChange={() => selection.toggle(card.number)}
              // A press on the checkbox selects; it never starts a drag.
              onMouseDown={(event) => event.stopPropagation()}
              onTouchStart={(event) => event.stopPropagation()}
            />
          )
        }
        handle={
          <button
            type="button"
            ref={setActivatorNodeRef}
            className="board-card-handle"
            {...attributes}
            onKeyDown={on?.onKeyDown}
            // A press on the button is a tap or a click, never the start of a drag.
            onMouseDown={(event) => event.stopPropagation()}
            onTouchStart={(event) => event.stopPropagation()}
            onClick={(event) => {
              // Space and Enter pick the card up (onKeyDown); the click they also make is not a tap.
              if (event.detail === 0) return;
              onMoveTo(card);
            }}
            aria-label={`Move ${card.number}`}
            aria-roledescription="draggable card"
          >
            Move
          </button>
        }
      />
    </div>
  );
}
