// Asked before a move goes on: which transition, when more than one leads to the column, and the
// fields the chosen one requires (from the ticket's transitions, or named by the server's
// REQUIRED_FIELD_MISSING, each then marked with its problem and the first of them focused). Cancel
// leaves the card where it was. The values typed are a draft of the transition's slot (useDraft): a
// lost race or a cancel keeps them for the next time this move is asked.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { FieldInput, formValues, type FormFieldDef } from '../components/FieldInput';
import { useDraft } from '../lib/useDraft';
import type { Card } from './operations';

export type Transition = Card['transitions'][number];

export interface MoveQuestion {
  card: Card;
  toState: string;
  toLabel: string;
  choices: Transition[];
  /** Fields the server said are missing, beyond what the transition declares. */
  missing: string[];
  /** The server's problems by field key, when it refused the move for them. */
  errors?: Record<string, string>;
}

interface MoveDialogProps {
  question: MoveQuestion;
  fields: FormFieldDef[];
  busy: boolean;
  onSubmit: (transition: Transition | undefined, fields: Record<string, unknown> | undefined) => void;
  onCancel: () => void;
}

export function MoveDialog({ question, fields, busy, onSubmit, onCancel }: MoveDialogProps) {
  const [choice, setChoice] = useState(question.choices.length === 1 ? question.choices[0]!.key : '');
  const chosen = question.choices.find((t) => t.key === choice);
  const [values, setValues, , saveNow] = useDraft(
    question.card.number,
    chosen && `move:${chosen.key}`,
    {} as Record<string, string>,
  );
  const first = useRef<HTMLHeadingElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  // A modal <dialog>: the page behind is inert, Escape cancels, focus stays inside.
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    first.current?.focus();
  }, []);
  // After a refusal, straight to the first field at fault, whose problem is read with it.
  useEffect(() => {
    if (question.errors) dialog.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [question.errors]);
  const keys = [...new Set([...(chosen?.requires ?? []), ...question.missing])];
  const asked: FormFieldDef[] = keys.map(
    (key) =>
      fields.find((f) => f.key === key) ?? { key, label: key, type: 'text', required: true, options: [], help: null },
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.choices.length > 1 && !chosen) return;
    // Saved before the move: a move made removes the draft, and a save arriving after would bring it back.
    saveNow();
    onSubmit(chosen, asked.length ? (formValues(asked, values) as Record<string, unknown>) : undefined);
  };

  return (
    <dialog
      ref={dialog}
      className="board-dialog card"
      aria-labelledby="move-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="move-dialog-title" tabIndex={-1} ref={first}>
        Move {question.card.number} to {question.toLabel}
      </h2>
      <p className="muted">{question.card.title}</p>
      {question.errors && <ErrorNotice error="The move needs the fields marked below." />}
      <form className="form" onSubmit={submit} noValidate>
        {question.choices.length > 1 && (
          <fieldset>
            <legend>Which transition?</legend>
            {question.choices.map((t) => (
              <label key={t.key} className="board-choice">
                <input
                  type="radio"
                  name="transition"
                  value={t.key}
                  checked={choice === t.key}
                  onChange={() => setChoice(t.key)}
                />{' '}
                {t.label}
              </label>
            ))}
          </fieldset>
        )}
        {asked.map((field) => (
          <FieldInput
            key={field.key}
            field={{ ...field, required: true }}
            idPrefix="board-move"
            value={values[field.key] ?? ''}
            onChange={(value) => setValues((v) => ({ ...v, [field.key]: value }))}
            error={question.errors?.[field.key]}
          />
        ))}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy || (question.choices.length > 1 && !chosen)}>
            {chosen?.label ?? 'Move'}
          </button>
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
