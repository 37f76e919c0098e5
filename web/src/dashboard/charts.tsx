// The dashboard's charts, drawn with CSS bars (no chart library). Each is a figure whose bars are
// hidden from screen readers and whose numbers are in a visually hidden table beside them.
import type { ReactNode } from 'react';

export interface Bar {
  label: string;
  value: number;
  /** Shown after the bar, e.g. "3 (1 at risk)"; the value when absent. */
  note?: string;
  /** Optional bar colour class: bar-warning, bar-danger. */
  tone?: string;
}

/** A chart panel: a heading, the drawing (hidden from assistive tech) and the table that says it in words. */
export function ChartPanel({
  title,
  table,
  empty,
  children,
}: {
  title: string;
  /** When set, there is nothing to draw: this sentence shows instead of the chart and its table. */
  empty?: string;
  table: { caption: string; head: string[]; rows: (string | number)[][] };
  children: ReactNode;
}) {
  return (
    <section className="dash-panel" aria-labelledby={`dash-${slug(title)}`}>
      <h2 id={`dash-${slug(title)}`}>{title}</h2>
      {empty ? <p className="empty">{empty}</p> : <Drawing table={table}>{children}</Drawing>}
    </section>
  );
}

function Drawing({
  table,
  children,
}: {
  table: { caption: string; head: string[]; rows: (string | number)[][] };
  children: ReactNode;
}) {
  return (
    <>
      <div aria-hidden="true">{children}</div>
      <table className="visually-hidden">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.head.map((cell) => (
              <th key={cell} scope="col">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Horizontal bars, one a line, scaled to the largest value (or to max). */
export function HBars({ bars, max }: { bars: Bar[]; max?: number }) {
  const top = Math.max(max ?? 0, ...bars.map((bar) => bar.value), 1);
  return (
    <ul className="hbars">
      {bars.map((bar) => (
        <li key={bar.label}>
          <span className="hbar-label">{bar.label}</span>
          <span className="hbar-track">
            <span className={`hbar ${bar.tone ?? ''}`} style={{ width: `${(bar.value / top) * 100}%` }} />
          </span>
          <span className="hbar-value">{bar.note ?? bar.value}</span>
        </li>
      ))}
    </ul>
  );
}

/** Vertical bars along a time axis, one per day; the first and last days are labelled. */
export function DayBars({ days }: { days: { day: string; count: number }[] }) {
  const top = Math.max(1, ...days.map((d) => d.count));
  return (
    <div className="daybars-wrap">
      <span className="daybars-top">{top}</span>
      <div className="daybars">
        {days.map((d) => (
          <span key={d.day} className="daybar-slot" title={`${d.day}: ${d.count}`}>
            <span className="daybar" style={{ height: `${(d.count / top) * 100}%` }} />
          </span>
        ))}
      </div>
      <div className="daybars-axis">
        <span>{days[0]?.day}</span>
        <span>{days[days.length - 1]?.day}</span>
      </div>
    </div>
  );
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
