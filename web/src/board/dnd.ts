// How cards are dragged on the board: the sensors (the mouse at once; a finger after a press held
// still, so that a swipe scrolls the board; the keyboard from a card's Move button, the arrow keys
// carrying it from column to column) and which column a dragged card is over.
import {
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';

/** Arrow keys carry a picked-up card from column to column. */
const columnKeys: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.code];
  if (!step) return undefined;
  event.preventDefault();
  const rects = [...context.droppableRects.entries()].sort((a, b) => a[1].left - b[1].left);
  const from = rects.findIndex(([id]) => id === (context.over?.id ?? context.active));
  const start =
    from >= 0 ? from : rects.findIndex(([, r]) => r.left <= currentCoordinates.x && r.right > currentCoordinates.x);
  const next = rects[start + step];
  if (!next || !context.collisionRect) return currentCoordinates;
  return { x: next[1].left + (next[1].width - context.collisionRect.width) / 2, y: currentCoordinates.y };
};

/** The column under the pointer; from the keyboard, the column the card overlaps most. */
export const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

/** The board's sensors. */
export function useBoardSensors() {
  return useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeys }),
  );
}
