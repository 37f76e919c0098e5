// Submitting a ticket: the process's form (ticketForms, starting on the one the API says the person
// prefers) with a title, a description, the process's own fields by type (those the submitter may set:
// an employee sees none of the staff's fields), and an optional file. The API checks everything and
// lists every problem at once; each shows beside the field it concerns, and the first of them has the
// focus. The file goes with attachFile once the ticket exists.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { FieldInput, formValues } from '../components/FieldInput';
import { Loading } from '../components/Loading';
import { TicketFormFields } from '../fragments';
import { graphql } from '../graphql';
import { errorMessage, fieldErrors } from '../lib/errors';
import { setFlash } from '../lib/flash';
import { newId } from '../lib/ids';
import { usePageTitle } from '../lib/usePageTitle';
import { navigate } from '../router';
import { routes } from '../routes';

/** The processes one may submit to, each with its form, and the one to start on. */
const NewTicketForms = graphql(
  `
    query NewTicketForms {
      ticketForms {
        ...TicketFormFields
        preferred
        staffFields: fields {
          key
          staffOnly
        }
      }
    }
  `,
  [TicketFormFields],
);

const CreateTicket = graphql(`
  mutation CreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      number
      title
    }
  }
`);

/** The file, once the ticket exists (a multipart request: urql sends one when a variable holds a File). */
const AttachNewTicketFile = graphql(`
  mutation AttachNewTicketFile($number: String!, $file: File!) {
    attachFile(number: $number, file: $file) {
      attachment {
        id
      }
    }
  }
`);

/** A staff-only field shows on the form of staff only (the API leaves it out of a requester's): it says so. */
const staffHelp = (help: string | null | undefined) =>
  [help, 'Staff only: the requester does not fill this in.'].filter(Boolean).join(' ');

/** The inputs of the form itself; every other path names a process field. */
const OWN_INPUTS = ['process', 'title', 'description', 'priority'];

/** input.title → title; input.fields.category, fields.category or category → field:category. */
function inputKey(path: string): string {
  const bare = path.replace(/^input\./, '');
  if (OWN_INPUTS.includes(bare.split('.')[0]!)) return bare.split('.')[0]!;
  return `field:${bare.replace(/^fields\./, '').split('.')[0]}`;
}

export function NewTicketPage() {
  usePageTitle('New ticket');
  const [forms] = useQuery({ query: NewTicketForms });
  const [created, createTicket] = useMutation(CreateTicket);
  const [, attachFile] = useMutation(AttachNewTicketFile);
  const [processKey, setProcessKey] = useState<string>();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [file, setFile] = useState<File | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One key for this form until it succeeds: a retry after a lost answer makes no second ticket.
  const [idempotencyKey] = useState(newId);
  const formRef = useRef<HTMLFormElement>(null);

  // After a refusal, straight to the first field at fault, whose error is read with it.
  useEffect(() => {
    if (created.error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [created.error]);

  const all = forms.data?.ticketForms;
  if (!all) {
    return (
      <section className="page">
        <h1>New ticket</h1>
        {forms.error ? <ErrorNotice error={forms.error} /> : <Loading what="Loading the forms…" />}
      </section>
    );
  }
  if (all.length === 0) {
    return (
      <section className="page">
        <h1>New ticket</h1>
        <p className="empty">No process takes new tickets right now. Please try again later.</p>
      </section>
    );
  }
  const form = all.find((f) => f.process === processKey) ?? all.find((f) => f.preferred) ?? all[0]!;
  const staffOnly = new Set(form.staffFields.filter((f) => f.staffOnly).map((f) => f.key));
  const errors = fieldErrors(created.error, inputKey);
  // Problems of inputs the form does not show (a field of another version, say) are said above it.
  const shown = new Set(['title', 'description', ...(all.length > 1 ? ['process'] : [])]);
  for (const field of form.fields) shown.add(`field:${field.key}`);
  const unplaced = Object.entries(errors).filter(([key]) => !shown.has(key));
  const general =
    created.error &&
    (unplaced.length < Object.keys(errors).length
      ? ['Please correct the fields marked below.', ...unplaced.map(([, message]) => message)].join(' ')
      : errorMessage(created.error));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    const result = await createTicket({
      input: {
        process: form.process,
        title,
        ...(description.trim() && { description }),
        fields: formValues(form.fields, values),
        idempotencyKey,
      },
    });
    const ticket = result.data?.createTicket;
    if (!ticket) {
      setSubmitting(false);
      return;
    }
    if (file) {
      const attached = await attachFile({ number: ticket.number, file });
      if (attached.error)
        setFlash(`Your ticket was submitted, but the file was not attached: ${errorMessage(attached.error)}`);
    }
    navigate(routes.ticket.href({ number: ticket.number }));
  };

  return (
    <section className="page page-narrow">
      <h1>New ticket</h1>
      {general && <ErrorNotice error={general} />}
      <form ref={formRef} className="form card" onSubmit={(e) => void submit(e)} noValidate>
        {all.length > 1 && (
          <Field id="ticket-process" label="What do you need?" required error={errors.process}>
            {(control) => (
              <select {...control} value={form.process} onChange={(e) => setProcessKey(e.target.value)}>
                {all.map((f) => (
                  <option key={f.process} value={f.process}>
                    {f.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id="ticket-title" label="Title" required help="A short summary." error={errors.title}>
          {(control) => <input {...control} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field
          id="ticket-description"
          label="Description"
          help="What happened, and what you need."
          error={errors.description}
        >
          {(control) => (
            <textarea {...control} rows={5} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
        {form.fields.map((field) => (
          <FieldInput
            key={`${form.process}:${field.key}`}
            field={staffOnly.has(field.key) ? { ...field, help: staffHelp(field.help) } : field}
            idPrefix="ticket-field"
            value={values[field.key] ?? ''}
            onChange={(value) => setValues((v) => ({ ...v, [field.key]: value }))}
            error={errors[`field:${field.key}`]}
          />
        ))}
        <Field id="ticket-file" label="Attachment" help="Optional: a screenshot or a document.">
          {(control) => <input {...control} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={submitting}>
            {submitting ? 'Submitting…' : 'Submit ticket'}
          </button>
        </div>
      </form>
    </section>
  );
}
