// The board's selection for bulk actions: a mode ("Select"), the selected ticket numbers in the order
// chosen, and `x` to select or let go of the focused card (turning the mode on), as in Linear. Leaving
// the mode lets the selection go, so no hidden selection waits for a later action.
import { useState } from 'react';
import { useShortcuts } from '../keyboard/shortcuts';

export interface BoardSelection {
  selecting: boolean;
  selected: string[];
  setSelecting: (on: boolean) => void;
  isSelected: (number: string) => boolean;
  toggle: (number: string) => void;
  /** Selects (or lets go of) all of these: a column's "select all". */
  selectAll: (numbers: string[], on: boolean) => void;
  /** Keeps exactly these selected: after a bulk action, those not applied. */
  keep: (numbers: string[]) => void;
}

export function useBoardSelection(): BoardSelection {
  const [selecting, setMode] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (number: string) =>
    setSelected((now) => (now.includes(number) ? now.filter((n) => n !== number) : [...now, number]));

  useShortcuts([
    {
      key: 'x',
      label: 'Select the focused card (for a bulk action)',
      group: 'Board',
      run: () => {
        const number = document.activeElement?.closest('[data-card]')?.getAttribute('data-card');
        if (!number) return;
        setMode(true);
        toggle(number);
      },
    },
  ]);

  return {
    selecting,
    selected,
    setSelecting: (on) => {
      setMode(on);
      if (!on) setSelected([]);
    },
    isSelected: (number) => selected.includes(number),
    toggle,
    selectAll: (numbers, on) =>
      setSelected((now) =>
        on ? [...now, ...numbers.filter((n) => !now.includes(n))] : now.filter((n) => !numbers.includes(n)),
      ),
    keep: setSelected,
  };
}
