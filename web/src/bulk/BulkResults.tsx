// The results of a bulk action: every ticket with what happened to it, in words — none hidden, the
// ones not applied first so they are read first. A list rather than a table, so that it reads at 390 px.
import { Link } from '../router';
import { routes } from '../routes';
import { summaryOf } from './choices';
import type { BulkAnswer } from './operations';

const OUTCOME_WORDS: Record<string, string> = {
  APPLIED: 'Applied',
  REFUSED: 'Refused',
  NOT_FOUND: 'Not found',
  UNCHANGED: 'Unchanged',
  FAILED: 'Not done',
};
const FIRST = ['REFUSED', 'FAILED', 'NOT_FOUND', 'UNCHANGED', 'APPLIED'];

export function BulkResults({ answer, onDismiss }: { answer: BulkAnswer; onDismiss: () => void }) {
  const results = [...answer.results].sort((a, b) => FIRST.indexOf(a.outcome) - FIRST.indexOf(b.outcome));
  return (
    <div className="bulk-results">
      <div className="bulk-results-head">
        <h3>Results: {summaryOf(answer.results)}</h3>
        <button type="button" className="button-secondary" onClick={onDismiss}>
          Dismiss results
        </button>
      </div>
      <ul className="bulk-result-list">
        {results.map((r) => (
          <li key={r.number} className={`bulk-result outcome-${r.outcome.toLowerCase()}`} data-number={r.number}>
            <span className={`badge bulk-outcome outcome-${r.outcome.toLowerCase()}`}>
              {OUTCOME_WORDS[r.outcome] ?? r.outcome}
            </span>{' '}
            {r.title === null ? (
              <span className="bulk-result-number">{r.number}</span>
            ) : (
              <Link href={routes.ticket.href({ number: r.number })} className="bulk-result-number">
                {r.number}
              </Link>
            )}{' '}
            {r.title && <span className="bulk-result-title">{r.title}</span>}
            <span className="bulk-result-message">{r.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
