// Which columns the queue shows: a disclosure (<details>, opened by keyboard like a button) of one
// checkbox per column. The page decides where the choice is kept (the view, or this browser for a view
// one may not change); the last column shown cannot be taken away.
import { useState } from 'react';
import { ALL_COLUMNS, COLUMN_LABELS } from './columns';

export interface ColumnChooserProps {
  columns: string[];
  onChange: (columns: string[]) => void;
  /** Where the choice is kept, in words ("Saved with the view"). */
  kept: string;
}

export function ColumnChooser({ columns: given, onChange, kept }: ColumnChooserProps) {
  // A click shows at once; the page's columns take over again once they change (saved, or another view).
  const [chosen, choose] = useState<{ from: string[]; columns: string[] } | null>(null);
  const columns = chosen && chosen.from === given ? chosen.columns : given;
  const change = (next: string[]) => {
    choose({ from: given, columns: next });
    onChange(next);
  };
  return (
    <details className="queue-columns">
      <summary>Columns</summary>
      <fieldset>
        <legend>Columns shown</legend>
        {ALL_COLUMNS.map((c) => {
          const shown = columns.includes(c);
          return (
            <label key={c}>
              <input
                type="checkbox"
                checked={shown}
                disabled={shown && columns.length === 1}
                // In the order of ALL_COLUMNS, so the table's order stays the same whatever is chosen.
                onChange={() => change(ALL_COLUMNS.filter((k) => (k === c ? !shown : columns.includes(k))))}
              />{' '}
              {COLUMN_LABELS[c]}
            </label>
          );
        })}
        <p className="muted">{kept}</p>
      </fieldset>
    </details>
  );
}
