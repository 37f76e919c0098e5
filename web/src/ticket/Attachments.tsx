// A ticket's files: each downloads with the access token (a plain link cannot send it), and another
// can be attached while the ticket is open.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { download } from '../lib/download';
import { fieldErrors } from '../lib/errors';
import { formatDateTime, formatSize } from '../lib/format';
import { graphql } from '../graphql';
import { TicketDetails, type TicketDetailsData } from './details';

/** One file as a multipart request, which urql sends as such when a variable holds a File (with the
 * x-graphql-csrf header that createClient adds to every request). */
const AttachFile = graphql(
  `
    mutation AttachFile($number: String!, $file: File!) {
      attachFile(number: $number, file: $file) {
        attachment {
          id
        }
        ticket {
          ...TicketDetails
        }
      }
    }
  `,
  [TicketDetails],
);

/** file.size, file.type, file.name → the file input. */
const toFile = () => 'file';

export function Attachments({ ticket }: { ticket: TicketDetailsData }) {
  const [result, attachFile] = useMutation(AttachFile);
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [downloadError, setDownloadError] = useState<string>();
  const errors = fieldErrors(result.error, toFile);

  const attach = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    const answer = await attachFile({ number: ticket.number, file });
    if (!answer.error) {
      setFile(null);
      setInputKey((k) => k + 1);
    }
  };

  const get = (url: string, filename: string) => {
    setDownloadError(undefined);
    download(url, filename).catch((error: unknown) =>
      setDownloadError(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <section className="card part-files" aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      {downloadError && <ErrorNotice error={downloadError} />}
      {ticket.attachments.length === 0 ? (
        <p className="muted">No files attached.</p>
      ) : (
        <ul className="attachments">
          {ticket.attachments.map((a) => (
            <li key={a.id}>
              <button type="button" className="link-button" onClick={() => get(a.downloadUrl, a.filename)}>
                {a.filename}
              </button>
              <span className="muted">
                {formatSize(a.size)} · {a.uploadedBy?.name ?? 'someone'} ·{' '}
                <time dateTime={a.uploadedAt}>{formatDateTime(a.uploadedAt)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
      {ticket.category !== 'done' && (
        <form className="form" onSubmit={(e) => void attach(e)}>
          {result.error && !errors.file && <ErrorNotice error={result.error} />}
          <Field id="attach-file" label="Attach a file" error={errors.file}>
            {(control) => (
              <input {...control} key={inputKey} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            )}
          </Field>
          <button type="submit" className="button-secondary" disabled={!file || result.fetching}>
            {result.fetching ? 'Attaching…' : 'Attach'}
          </button>
        </form>
      )}
    </section>
  );
}
