// The conversation on a ticket, oldest first, and a box to reply (a public comment), kept as a draft.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { graphql } from '../graphql';
import { fieldErrors } from '../lib/errors';
import { formatDateTime, formatRelative } from '../lib/format';
import { newId } from '../lib/ids';
import { useDraft } from '../lib/useDraft';
import { TicketDetails, type TicketDetailsData } from './details';

const AddComment = graphql(
  `
    mutation AddComment($number: String!, $body: String!, $updateId: String) {
      addComment(number: $number, body: $body, updateId: $updateId) {
        ...TicketDetails
      }
    }
  `,
  [TicketDetails],
);

export function Comments({ ticket }: { ticket: TicketDetailsData }) {
  const [result, addComment] = useMutation(AddComment);
  const [body, setBody, clearBody] = useDraft(ticket.number, 'reply', '');
  const [updateId, setUpdateId] = useState(newId);
  const closed = ticket.category === 'done';
  const errors = fieldErrors(result.error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await addComment({ number: ticket.number, body, updateId });
    if (!answer.error) {
      clearBody();
      setUpdateId(newId());
    }
  };

  return (
    <section className="card" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Conversation</h2>
      {ticket.comments.length === 0 ? (
        <p className="muted">No replies yet.</p>
      ) : (
        <ol className="comments">
          {ticket.comments.map((comment) => (
            <li key={comment.id} className={`comment comment-${comment.visibility}`}>
              <p className="comment-meta">
                <strong>{comment.author?.name ?? 'An external system'}</strong>
                {comment.visibility === 'internal' && <span className="badge badge-waiting">Internal note</span>}{' '}
                <time dateTime={comment.createdAt} title={formatDateTime(comment.createdAt)}>
                  {formatRelative(comment.createdAt)}
                </time>
              </p>
              <p className="prose">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      {closed ? (
        <p className="muted">This ticket is closed: it takes no more replies.</p>
      ) : (
        <form className="form reply" onSubmit={(e) => void submit(e)} noValidate>
          {result.error && !errors.body && <ErrorNotice error={result.error} />}
          <Field id="reply-body" label="Your reply" error={errors.body}>
            {(control) => <textarea {...control} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={result.fetching || body.trim() === ''}>
              {result.fetching ? 'Sending…' : 'Send reply'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
