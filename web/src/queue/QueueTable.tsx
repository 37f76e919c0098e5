// The queue's rows: a list that reads as a table on wide screens and stacks at 390 px. One row link is
// in the tab order (roving: j/k move it, QueuePage); a checkbox per row and one in the header that
// selects every row on the page feed the bulk bar.
import type { RefObject } from 'react';
import { Link } from '../router';
import { routes } from '../routes';
import { cell, COLUMN_LABELS, type Row } from './columns';

export interface QueueTableProps {
  rows: Row[];
  columns: string[];
  /** The row with the roving focus; -1: none yet. */
  focus: number;
  selected: string[];
  onSelect: (numbers: string[]) => void;
  onRowFocus: (index: number) => void;
  listRef: RefObject<HTMLUListElement | null>;
}

export function QueueTable({ rows, columns, focus, selected, onSelect, onRowFocus, listRef }: QueueTableProps) {
  const numbers = rows.map((r) => r.number);
  const allSelected = numbers.length > 0 && numbers.every((n) => selected.includes(n));
  const toggle = (number: string) =>
    onSelect(selected.includes(number) ? selected.filter((n) => n !== number) : [...selected, number]);
  return (
    <>
      <div className="queue-head">
        <input
          type="checkbox"
          aria-label="Select every ticket on the page"
          checked={allSelected}
          disabled={numbers.length === 0}
          onChange={() =>
            onSelect(
              allSelected
                ? selected.filter((n) => !numbers.includes(n))
                : [...selected, ...numbers.filter((n) => !selected.includes(n))],
            )
          }
        />
        {/* The labels are said in every row (queue-label), so the header's are for the eyes only. */}
        <div className="queue-head-labels" aria-hidden="true">
          {columns.map((c) => (
            <span key={c}>{COLUMN_LABELS[c] ?? c}</span>
          ))}
        </div>
      </div>
      <ul className="queue-rows" ref={listRef} aria-label="Tickets">
        {rows.map((row, i) => (
          <li key={row.number} className={i === focus ? 'queue-row focused' : 'queue-row'}>
            <input
              type="checkbox"
              aria-label={`Select ${row.number}`}
              checked={selected.includes(row.number)}
              onChange={() => toggle(row.number)}
            />
            <Link
              className="queue-open"
              href={routes.ticket.href({ number: row.number })}
              tabIndex={i === Math.max(focus, 0) ? 0 : -1}
              {...(i === focus && { 'aria-current': 'true' })}
              onFocus={() => onRowFocus(i)}
            >
              {columns.map((c) => (
                <span key={c} className={`queue-cell queue-${c}`}>
                  <span className="queue-label">{COLUMN_LABELS[c]}: </span>
                  {cell(row, c)}
                </span>
              ))}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
