// The board's "Select" toggle, and while selecting, the bulk actions toolbar over the selected cards
// (web/src/bulk/BulkActions.tsx). Cards and columns show their checkboxes from the same selection.
import { BulkActions } from '../bulk/BulkActions';
import type { BoardSelection } from './useSelection';

export function BoardSelectionBar({ selection }: { selection: BoardSelection }) {
  const { selecting, selected, setSelecting, keep } = selection;
  return (
    <div className="board-selection">
      <button
        type="button"
        className="button-secondary"
        aria-pressed={selecting}
        onClick={() => setSelecting(!selecting)}
      >
        {selecting ? 'Done selecting' : 'Select'}
      </button>
      {selecting && <BulkActions numbers={selected} onDone={() => keep([])} onKeep={keep} />}
    </div>
  );
}
