// One box to write on a ticket: a public reply, or (for staff) an internal note that only staff see.
// The toggle is a pair of radio buttons, so it is one Tab stop and arrow keys switch; a note is
// yellow here as it is in the conversation. Ctrl+Enter (Cmd+Enter on a Mac) sends from the text area.
// Each kind is its own server-side draft (slots "reply" and "note"), so nothing typed is lost. A note
// may @mention staff (MentionTextarea), who are notified; the page hears when one is typing (onTyping).
// Staff insert canned replies, filled for the ticket, at the caret (InsertReply); `r` and `n` focus the
// box as a reply or as a note.
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { graphql } from '../graphql';
import { errorMessage, fieldErrors } from '../lib/errors';
import { newId } from '../lib/ids';
import { useDraft } from '../lib/useDraft';
import { useShortcuts } from '../keyboard/shortcuts';
import { insertAt } from '../macros/insert';
import { InsertReply } from './InsertReply';
import { TicketDetails, type TicketDetailsData } from './details';
import { MentionTextarea } from './MentionTextarea';

const AddComment = graphql(
  `
    mutation AddComment($number: String!, $body: String!, $visibility: CommentVisibility, $updateId: String) {
      addComment(number: $number, body: $body, visibility: $visibility, updateId: $updateId) {
        ...TicketDetails
      }
    }
  `,
  [TicketDetails],
);

export type Visibility = 'public' | 'internal';

interface ComposerProps {
  ticket: TicketDetailsData;
  /** Staff may write internal notes; requesters only reply. */
  staff: boolean;
  /** Told true while the person types (and for a few seconds after), false once they stop. */
  onTyping?: (typing: boolean) => void;
}

/** How long after the last key a person still counts as typing. */
const TYPING_MS = 4_000;

export function Composer({ ticket, staff, onTyping }: ComposerProps) {
  const [result, addComment] = useMutation(AddComment);
  const [visibility, setVisibility] = useState<Visibility>('public');
  const reply = useDraft(ticket.number, 'reply', '');
  const note = useDraft(ticket.number, staff ? 'note' : undefined, '');
  const [body, setBody, clearBody] = visibility === 'internal' ? note : reply;
  const [updateId, setUpdateId] = useState(newId);
  const [typedAt, setTypedAt] = useState(0);
  useEffect(() => {
    if (!typedAt) return;
    onTyping?.(true);
    const timer = setTimeout(() => onTyping?.(false), TYPING_MS);
    return () => clearTimeout(timer);
  }, [typedAt, onTyping]);
  const errors = fieldErrors(result.error);
  const isNote = visibility === 'internal';
  const boxId = `composer-${ticket.number}`;
  const box = () => document.getElementById(boxId) as HTMLTextAreaElement | null;
  /** Focuses the box as a reply or a note, once the switch has rendered. */
  const write = (kind: Visibility) => {
    setVisibility(kind);
    requestAnimationFrame(() => box()?.focus());
  };
  useShortcuts(
    [
      { key: 'r', label: 'Write a reply', group: 'Ticket', run: () => write('public') },
      ...(staff ? [{ key: 'n', label: 'Write an internal note', group: 'Ticket', run: () => write('internal') }] : []),
    ],
    ticket.category !== 'done',
  );
  /** A filled canned reply at the caret (or the end), kept in the draft like anything typed. */
  const insertReply = (text: string) => {
    const area = box();
    const { text: next, caret } = insertAt(body, text, area?.selectionStart ?? body.length, area?.selectionEnd);
    setBody(next);
    requestAnimationFrame(() => {
      box()?.focus();
      box()?.setSelectionRange(caret, caret);
    });
  };

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (body.trim() === '' || result.fetching) return;
    const answer = await addComment({ number: ticket.number, body, visibility, updateId });
    if (!answer.error) {
      clearBody();
      setUpdateId(newId());
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send(event);
  };

  if (ticket.category === 'done')
    return <p className="muted">This ticket is closed: it takes no more replies{staff ? ' or notes' : ''}.</p>;

  const label = isNote
    ? 'Internal note (only staff see it)'
    : staff
      ? `Reply to ${ticket.requester.name}`
      : 'Your reply';
  return (
    <form className={`form composer ${isNote ? 'composer-note' : ''}`} onSubmit={(e) => void send(e)} noValidate>
      {staff && (
        <fieldset className="composer-kind">
          <legend className="visually-hidden">Write</legend>
          {(['public', 'internal'] as const).map((kind) => (
            <label key={kind} className={visibility === kind ? 'selected' : undefined}>
              <input
                type="radio"
                name={`composer-kind-${ticket.number}`}
                value={kind}
                checked={visibility === kind}
                onChange={() => setVisibility(kind)}
              />
              {kind === 'public' ? 'Reply' : 'Internal note'}
            </label>
          ))}
        </fieldset>
      )}
      {result.error && !errors.body && <ErrorNotice error={errorMessage(result.error)} />}
      {staff && <InsertReply number={ticket.number} visibility={visibility} onInsert={insertReply} />}
      <Field
        id={boxId}
        label={label}
        error={errors.body}
        help={isNote ? 'Ctrl+Enter adds the note; @name tells a colleague.' : 'Ctrl+Enter sends.'}
      >
        {(control) => (
          <MentionTextarea
            control={control}
            value={body}
            mentions={isNote}
            group={ticket.group}
            onKeyDown={onKeyDown}
            onChange={(text) => {
              setBody(text);
              setTypedAt(Date.now());
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={result.fetching || body.trim() === ''}>
          {result.fetching ? 'Sending…' : isNote ? 'Add note' : 'Send reply'}
        </button>
      </div>
    </form>
  );
}
