// What screen readers hear while a card is dragged on the board: the card by its number and title, the
// columns by their labels — dnd-kit's defaults say the ids ("dropped over droppable area in_progress").
import type { Announcements, ScreenReaderInstructions } from '@dnd-kit/core';

export const SCREEN_READER_INSTRUCTIONS: ScreenReaderInstructions = {
  draggable:
    'To move this card, press Space or Enter to pick it up, the left and right arrow keys to carry it to ' +
    'another column, then Space or Enter to drop it there, or Escape to put it back. Or click or tap ' +
    'Move to choose a column.',
};

/** The announcements for a board: `card` names a card by its id, `column` a column by its id, `home`
 * is the column a card is in (over which it is first, as it is picked up). */
export function announcementsFor(
  card: (id: string | number) => string,
  column: (id: string | number) => string,
  home: (id: string | number) => string | undefined,
): Announcements {
  return {
    onDragStart: ({ active }) => `Picked up ${card(active.id)}.`,
    onDragOver: ({ active, over }) =>
      !over
        ? `${card(active.id)} is over no column.`
        : String(over.id) === home(active.id)
          ? `Picked up ${card(active.id)}, in its column ${column(over.id)}.`
          : `${card(active.id)} is over the column ${column(over.id)}.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `${card(active.id)} was dropped on the column ${column(over.id)}.`
        : `${card(active.id)} was dropped outside the columns and stays where it was.`,
    onDragCancel: ({ active }) => `Moving ${card(active.id)} was cancelled; it stays where it was.`,
  };
}
