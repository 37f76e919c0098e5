// The conversation on a ticket, oldest first: public replies, and for staff the internal notes
// (marked and tinted, so a note never passes for a reply), then the composer.
import { formatDateTime, formatRelative } from '../lib/format';
import { Composer } from './Composer';
import type { TicketDetailsData } from './details';

interface CommentsProps {
  ticket: TicketDetailsData;
  staff: boolean;
  onTyping?: (typing: boolean) => void;
}

export function Comments({ ticket, staff, onTyping }: CommentsProps) {
  return (
    <section className="card part-conversation" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Conversation</h2>
      {ticket.comments.length === 0 ? (
        <p className="muted">No replies{staff ? ' or notes' : ''} yet.</p>
      ) : (
        <ol className="comments">
          {ticket.comments.map((comment) => (
            <li key={comment.id} className={`comment comment-${comment.visibility}`}>
              <p className="comment-meta">
                <strong>{comment.author?.name ?? 'An external system'}</strong>
                {comment.visibility === 'internal' && <span className="badge badge-note">Internal note</span>}{' '}
                <time dateTime={comment.createdAt} title={formatDateTime(comment.createdAt)}>
                  {formatRelative(comment.createdAt)}
                </time>
              </p>
              <p className="prose">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      <Composer ticket={ticket} staff={staff} onTyping={onTyping} />
    </section>
  );
}
