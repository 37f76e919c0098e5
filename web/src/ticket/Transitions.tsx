// The ways out of the ticket's state that the viewer may take, as buttons (moveTicket). A transition
// that requires fields opens a small form for them first. Whom a transition admits is the process's
// say (`by`: roles, requester); the API decides for certain and its refusal shows here. The form's
// values are a draft of the transition's slot (useDraft).
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { FieldInput, formValues, type FormFieldDef } from '../components/FieldInput';
import { graphql } from '../graphql';
import { errorMessage, fieldErrors, fieldOfPath } from '../lib/errors';
import { newId } from '../lib/ids';
import { useDraft } from '../lib/useDraft';
import { mayTake } from '../lib/transitions';
import type { SessionUser } from '../session/session';
import { TicketDetails, type TicketDetailsData } from './details';

const MoveTicket = graphql(
  `
    mutation MoveTicket(
      $number: String!
      $toState: String!
      $transition: String
      $fields: JSON
      $expectedVersion: Int
      $updateId: String
    ) {
      moveTicket(
        number: $number
        toState: $toState
        transition: $transition
        fields: $fields
        expectedVersion: $expectedVersion
        updateId: $updateId
      ) {
        ...TicketDetails
      }
    }
  `,
  [TicketDetails],
);

type Transition = TicketDetailsData['transitions'][number];

interface TransitionsProps {
  ticket: TicketDetailsData;
  user: SessionUser;
  isRequester: boolean;
  fields: FormFieldDef[];
}

export function Transitions({ ticket, user, isRequester, fields }: TransitionsProps) {
  const [result, move] = useMutation(MoveTicket);
  const [open, setOpen] = useState<string>();
  const [values, setValues, clearValues] = useDraft(
    ticket.number,
    open && `move:${open}`,
    {} as Record<string, string>,
  );
  const [updateId, setUpdateId] = useState(newId);
  const available = ticket.transitions.filter((t) => mayTake(t, user.role, isRequester));
  const chosen = available.find((t) => t.key === open);
  const errors = fieldErrors(result.error, fieldOfPath);

  // A required field the ticket has a value for already is not asked again (the engine takes the
  // ticket's value); one the form does not describe (a process version since changed) is asked as text.
  const current = (ticket.fieldValues ?? {}) as Record<string, unknown>;
  const isSet = (key: string) => current[key] !== undefined && current[key] !== null && current[key] !== '';
  const requiredFields = (t: Transition): FormFieldDef[] =>
    t.requires
      .filter((key) => !isSet(key))
      .map(
        (key) =>
          fields.find((f) => f.key === key) ?? {
            key,
            label: key,
            type: 'text',
            required: true,
            options: [],
            help: null,
          },
      );

  const take = async (t: Transition, event?: FormEvent) => {
    event?.preventDefault();
    const answer = await move({
      number: ticket.number,
      toState: t.to,
      transition: t.key,
      ...(requiredFields(t).length && { fields: formValues(requiredFields(t), values) }),
      expectedVersion: ticket.version,
      updateId,
    });
    if (!answer.error) {
      clearValues();
      setOpen(undefined);
    }
    setUpdateId(newId());
  };

  if (available.length === 0) return null;
  return (
    <section className="ticket-actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      {result.error && Object.keys(errors).length === 0 && <ErrorNotice error={errorMessage(result.error)} />}
      {chosen ? (
        <form className="form card" onSubmit={(e) => void take(chosen, e)} noValidate>
          <p>
            <strong>{chosen.label}</strong> needs:
          </p>
          {requiredFields(chosen).map((field) => (
            <FieldInput
              key={field.key}
              field={{ ...field, required: true }}
              idPrefix={`move-${chosen.key}`}
              value={values[field.key] ?? ''}
              onChange={(value) => setValues((v) => ({ ...v, [field.key]: value }))}
              error={errors[field.key]}
            />
          ))}
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={result.fetching}>
              {chosen.label}
            </button>
            <button type="button" className="button-secondary" onClick={() => setOpen(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          {available.map((t) => (
            <button
              key={t.key}
              type="button"
              className="button-secondary"
              disabled={result.fetching}
              onClick={() => (requiredFields(t).length ? setOpen(t.key) : void take(t))}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
