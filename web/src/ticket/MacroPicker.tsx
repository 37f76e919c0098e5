// "Apply macro" on a ticket (the button, or `m`): a dialog of the macros the ticket offers; the one
// picked shows what it will do (its effects, in words, and its reply filled for this ticket) before it
// is applied, as one change. A refusal is shown in the server's words, with the part it refused.
import { useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useShortcuts } from '../keyboard/shortcuts';
import '../macros/macros.css';
import { errorMessage } from '../lib/errors';
import { newId } from '../lib/ids';
import { ApplyMacro, FillReply, MacrosQuery } from '../macros/operations';
import type { TicketDetailsData } from './details';

const PART_WORDS: Record<string, string> = {
  reply: 'its reply',
  fields: 'its field values',
  priority: 'its priority',
  transition: 'its transition',
};

export function MacroPicker({ ticket }: { ticket: TicketDetailsData }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [offered] = useQuery({ query: MacrosQuery, variables: { ticket: ticket.number }, pause: !open });
  const macros = (offered.data?.macros ?? []).filter((m) => m.kind === 'macro');
  const [picked, setPicked] = useState<string>('');
  const macro = macros.find((m) => m.id === picked);
  const [filled] = useQuery({
    query: FillReply,
    variables: { number: ticket.number, macro: picked },
    pause: !macro?.body,
    requestPolicy: 'network-only',
  });
  const [applied, apply] = useMutation(ApplyMacro);
  const [updateId, setUpdateId] = useState(newId);
  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
  };
  useShortcuts([{ key: 'm', label: 'Apply a macro', group: 'Ticket', run: show }], ticket.category !== 'done');

  const run = async () => {
    if (!macro) return;
    const answer = await apply({ number: ticket.number, macro: macro.id, expectedVersion: ticket.version, updateId });
    setUpdateId(newId());
    if (!answer.error) dialog.current?.close();
  };
  const part = applied.error?.graphQLErrors[0]?.extensions.part;

  return (
    <>
      <button type="button" className="button-secondary" onClick={show} aria-keyshortcuts="m">
        Apply macro
      </button>
      <dialog ref={dialog} className="macro-picker" aria-labelledby="macro-picker-title" onClose={() => setOpen(false)}>
        {open && (
          <>
            <h2 id="macro-picker-title">Apply a macro</h2>
            {offered.data && macros.length === 0 && <p className="empty">No macro fits this ticket.</p>}
            <fieldset className="macro-choices">
              <legend className="visually-hidden">Macros</legend>
              {macros.map((m) => (
                <label key={m.id}>
                  <input
                    type="radio"
                    name="macro-choice"
                    value={m.id}
                    checked={picked === m.id}
                    onChange={() => setPicked(m.id)}
                  />
                  {m.name}
                </label>
              ))}
            </fieldset>
            {macro && (
              <section aria-labelledby="macro-will-do" className="macro-will-do">
                <h3 id="macro-will-do">It will</h3>
                <ol>
                  {macro.effects.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ol>
                {macro.body && <p className="prose macro-body">{filled.data?.fillReply ?? 'Filling the reply…'}</p>}
              </section>
            )}
            {applied.error && (
              <div className="notice notice-error" role="alert">
                <p>{errorMessage(applied.error)}</p>
                {typeof part === 'string' && <p>Refused: {PART_WORDS[part] ?? part}. Nothing was changed.</p>}
              </div>
            )}
            <div className="form-actions">
              <button
                type="button"
                className="button-primary"
                disabled={!macro || applied.fetching}
                onClick={() => void run()}
              >
                {applied.fetching ? 'Applying…' : 'Apply'}
              </button>
              <form method="dialog">
                <button type="submit" className="button-secondary">
                  Close
                </button>
              </form>
            </div>
          </>
        )}
      </dialog>
    </>
  );
}
