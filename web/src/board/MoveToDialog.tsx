// "Move to…": the columns a card may go to, as buttons, for a tap or a click on its Move button (on a
// phone there is no drag to aim and no keyboard). Choosing one goes on as a drop there would; Escape or
// Cancel leaves the card where it was.
import { useEffect, useRef } from 'react';
import type { Card } from './operations';

interface MoveToDialogProps {
  card: Card;
  /** The columns it may enter, in the board's order. */
  targets: { state: string; label: string }[];
  onChoose: (state: string) => void;
  onCancel: () => void;
}

export function MoveToDialog({ card, targets, onChoose, onCancel }: MoveToDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    first.current?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="board-dialog card"
      aria-labelledby="move-to-title"
      aria-describedby="move-to-card"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="move-to-title" tabIndex={-1} ref={first}>
        Move {card.number} to…
      </h2>
      <p id="move-to-card" className="muted">
        {card.title}
      </p>
      {targets.length === 0 ? (
        <p>You may not move this ticket to another column.</p>
      ) : (
        <ul className="board-move-targets">
          {targets.map((t) => (
            <li key={t.state}>
              <button type="button" className="button-secondary" onClick={() => onChoose(t.state)}>
                {t.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
