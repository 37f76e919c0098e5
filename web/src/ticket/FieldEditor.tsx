// The ticket's fields as staff edit them: each field by its type, checked as typed (a number, a date,
// a web address, one of the choices) before anything is sent, then the changed values alone go to
// setTicketFields with the version the page shows. The server's problems show beside their fields.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { FieldInput, formValues, type FormFieldDef } from '../components/FieldInput';
import { graphql } from '../graphql';
import { errorMessage, fieldErrors, fieldOfPath } from '../lib/errors';
import { newId } from '../lib/ids';
import { TicketDetails, type TicketDetailsData } from './details';

const SetFields = graphql(
  `
    mutation SetTicketFields($number: String!, $fields: JSON!, $expectedVersion: Int, $updateId: String) {
      setTicketFields(number: $number, fields: $fields, expectedVersion: $expectedVersion, updateId: $updateId) {
        ...TicketDetails
      }
    }
  `,
  [TicketDetails],
);

const asText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** The values on the ticket, as the inputs hold them (strings). */
function currentValues(ticket: TicketDetailsData, fields: FormFieldDef[]): Record<string, string> {
  const values = (ticket.fieldValues ?? {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f.key, asText(values[f.key])]));
}

/** What is wrong with a typed value, in words; undefined when it will do. */
export function typedProblem(field: FormFieldDef, raw: string, wasSet: boolean): string | undefined {
  const value = raw.trim();
  if (value === '') return wasSet ? `${field.label} cannot be emptied once set: write a new value.` : undefined;
  switch (field.type) {
    case 'number':
      return Number.isFinite(Number(value)) ? undefined : `${field.label} must be a number.`;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : `${field.label} must be a date.`;
    case 'url':
      return /^https?:\/\/\S+$/i.test(value) ? undefined : `${field.label} must be a web address (https://…).`;
    case 'enum':
      return field.options.includes(value) ? undefined : `${field.label}: choose one of ${field.options.join(', ')}.`;
    default:
      return undefined;
  }
}

export function FieldEditor({ ticket, fields }: { ticket: TicketDetailsData; fields: FormFieldDef[] }) {
  const [result, save] = useMutation(SetFields);
  const saved = currentValues(ticket, fields);
  const [values, setValues] = useState(saved);
  const [updateId, setUpdateId] = useState(newId);
  const [shown, setShown] = useState<Record<string, string>>({});
  const savedKey = JSON.stringify(saved);
  const changed = fields.filter((f) => (values[f.key] ?? '') !== saved[f.key]);

  // A value changed elsewhere (live, or by this form's save) replaces the input's, unless the input
  // holds an edit not saved yet.
  const previous = useRef(saved);
  useEffect(() => {
    const before = previous.current;
    previous.current = saved;
    setValues((mine) => {
      const next = { ...mine };
      for (const f of fields) if ((mine[f.key] ?? '') === (before[f.key] ?? '')) next[f.key] = saved[f.key] ?? '';
      return next;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- savedKey stands for saved
  }, [savedKey]);

  const problems = Object.fromEntries(
    changed.flatMap((f) => {
      const problem = typedProblem(f, values[f.key] ?? '', saved[f.key] !== '');
      return problem ? [[f.key, problem]] : [];
    }),
  );
  const serverErrors = fieldErrors(result.error, fieldOfPath);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShown(problems);
    if (Object.keys(problems).length > 0 || changed.length === 0) return;
    const answer = await save({
      number: ticket.number,
      fields: formValues(changed, values),
      expectedVersion: ticket.version,
      updateId,
    });
    if (!answer.error) setUpdateId(newId());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
  };

  if (fields.length === 0) return null;
  const closed = ticket.category === 'done';
  return (
    <section className="card part-fields" aria-labelledby="fields-heading">
      <h2 id="fields-heading">Fields</h2>
      <form className="form field-editor" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
        {result.error && Object.keys(serverErrors).length === 0 && <ErrorNotice error={errorMessage(result.error)} />}
        <fieldset disabled={closed || result.fetching}>
          <legend className="visually-hidden">Fields of {ticket.number}</legend>
          {fields.map((field) => (
            <FieldInput
              key={field.key}
              field={{ ...field, required: false }}
              idPrefix={`edit-${ticket.number}`}
              value={values[field.key] ?? ''}
              onChange={(value) => {
                setValues((v) => ({ ...v, [field.key]: value }));
                setShown((s) => Object.fromEntries(Object.entries(s).filter(([key]) => key !== field.key)));
              }}
              error={shown[field.key] ?? serverErrors[field.key]}
            />
          ))}
        </fieldset>
        {!closed && (
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={result.fetching || changed.length === 0}>
              {result.fetching ? 'Saving…' : changed.length > 1 ? `Save ${changed.length} changes` : 'Save change'}
            </button>
            {changed.length > 0 && (
              <button type="button" className="button-secondary" onClick={() => setValues(saved)}>
                Undo changes
              </button>
            )}
          </div>
        )}
      </form>
    </section>
  );
}
