// The bulk actions toolbar over a selection of tickets (the board's, the queue's): "N selected", one
// action — assign (to the staff of the selected tickets' groups), priority (coordinators and admins,
// the engine's rule), a move by transition (those the selected tickets' states have, by label) — and
// the results of every ticket in words (BulkResults), announced as "27 applied, 3 refused". The refused
// ones stay selected for another try (onKeep), the rest are let go. Each attempt gets one bulk id, sent
// again when the network failed, so a retry applies nothing twice.
import { useRef, useState } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { humanize } from '../lib/format';
import { newId } from '../lib/ids';
import { useSession } from '../session/useSession';
import { BulkResults } from './BulkResults';
import { assigneesFor, macrosFor, maySetPriority, PRIORITIES, summaryOf, transitionsFor } from './choices';
import { BulkSelectionQuery, BulkUpdateMutation, type BulkAnswer } from './operations';
import './bulk.css';

type Kind = 'assign' | 'priority' | 'transition' | 'macro';
/** The label of the second choice, by the action chosen. */
const LABELS: Record<Kind, string> = {
  assign: 'Assign to',
  priority: 'Priority',
  transition: 'Move by',
  macro: 'Macro',
};
/** What "Unassigned" is as a choice of the Assign to list. */
const NOBODY = '-';

export interface BulkActionsProps {
  /** The selected tickets' numbers. */
  numbers: string[];
  /** Clears the selection. */
  onDone: () => void;
  /** Keeps only these selected (the ones not applied); without it the selection is cleared. */
  onKeep?: (numbers: string[]) => void;
}

/** The action as the API takes it. */
function actionOf(kind: Kind, value: string) {
  if (kind === 'assign') return { assign: { userId: value === NOBODY ? null : value } };
  if (kind === 'priority') return { priority: value as (typeof PRIORITIES)[number] };
  if (kind === 'macro') return { macro: value };
  return { transition: { key: value } };
}

export function BulkActions({ numbers, onDone, onKeep }: BulkActionsProps) {
  const session = useSession();
  const role = session.status === 'signedIn' ? session.user.role : 'EMPLOYEE';
  const [selection] = useQuery({ query: BulkSelectionQuery, variables: { numbers }, pause: numbers.length === 0 });
  const [{ fetching }, send] = useMutation(BulkUpdateMutation);
  const [kind, setKind] = useState<Kind>('assign');
  const [value, setValue] = useState('');
  const [answer, setAnswer] = useState<BulkAnswer>();
  const [error, setError] = useState<CombinedError>();
  /** The attempt a network failure left open: the same choices send the same bulk id again. */
  const open = useRef<{ key: string; bulkId: string }>(undefined);

  const tickets = selection.data?.ticketsByNumbers ?? [];
  const people = assigneesFor(tickets, selection.data?.groups ?? []);
  const transitions = transitionsFor(tickets, role);
  const macros = macrosFor(tickets, selection.data?.macros ?? []);
  const kinds: [Kind, string][] = [
    ['assign', 'Assign'],
    ...(maySetPriority(role) ? [['priority', 'Priority'] as [Kind, string]] : []),
    ['transition', 'Move'],
    ['macro', 'Macro'],
  ];

  async function apply() {
    const key = JSON.stringify([kind, value, numbers]);
    const bulkId = open.current?.key === key ? open.current.bulkId : newId();
    open.current = { key, bulkId };
    setError(undefined);
    const result = await send({ input: { bulkId, numbers, action: actionOf(kind, value) } });
    if (result.error) {
      setError(result.error);
      // Only a request that may not have arrived is sent again under its id; a refused one is not.
      if (!result.error.networkError && !result.error.graphQLErrors.some((e) => e.extensions.code === 'UNAVAILABLE'))
        open.current = undefined;
      return;
    }
    open.current = undefined;
    const answered = result.data!.bulkUpdateTickets;
    setAnswer(answered);
    const again = answered.results.filter((r) => r.outcome === 'REFUSED' || r.outcome === 'FAILED');
    if (onKeep) onKeep(again.map((r) => r.number));
    else onDone();
  }

  const n = numbers.length;
  return (
    <section className="bulk-actions" aria-labelledby="bulk-actions-heading">
      <h2 id="bulk-actions-heading" className="visually-hidden">
        Bulk actions
      </h2>
      <form
        className="bulk-bar"
        onSubmit={(event) => {
          event.preventDefault();
          void apply();
        }}
      >
        <p className="bulk-count" aria-live="polite">
          <strong>{n}</strong> selected
        </p>
        <label>
          Action{' '}
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              setValue('');
            }}
          >
            {kinds.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {LABELS[kind]}{' '}
          <select value={value} onChange={(e) => setValue(e.target.value)} disabled={n === 0}>
            <option value="">Choose…</option>
            {kind === 'assign' && (
              <>
                <option value={NOBODY}>Unassigned</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </>
            )}
            {kind === 'priority' &&
              PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {humanize(p)}
                </option>
              ))}
            {kind === 'macro' &&
              macros.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.count === tickets.length ? m.name : `${m.name} (${m.count} of ${tickets.length})`}
                </option>
              ))}
            {kind === 'transition' &&
              transitions.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.count === tickets.length ? t.label : `${t.label} (${t.count} of ${tickets.length})`}
                </option>
              ))}
          </select>
        </label>
        <button type="submit" disabled={fetching || n === 0 || value === ''}>
          {fetching ? 'Applying…' : `Apply to ${n}`}
        </button>
        <button type="button" className="button-secondary" onClick={onDone} disabled={n === 0}>
          Clear selection
        </button>
      </form>
      {kind === 'transition' && (
        <p className="bulk-hint muted">Moves that need fields (such as a resolution) are made one ticket at a time.</p>
      )}
      <p className="visually-hidden" aria-live="polite" role="status">
        {fetching ? `Applying to ${n} tickets…` : answer ? summaryOf(answer.results) : ''}
      </p>
      {selection.error && <ErrorNotice error={selection.error} />}
      {error && <ErrorNotice error={error} retry={() => void apply()} />}
      {answer && <BulkResults answer={answer} onDismiss={() => setAnswer(undefined)} />}
    </section>
  );
}
