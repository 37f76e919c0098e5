// "Save as…": a native <dialog> that saves the list being looked at (its filter, sort and columns) as a
// new view — one's own, or shared with a group one coordinates (coordinators of it and admins may).
// A refusal or a problem is shown in words beside the field it is about; what was typed stays.
import { useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { errorCode, errorMessage, fieldErrors } from '../lib/errors';
import { CreateViewMutation } from './operations';

export interface ViewDraft {
  filter: Record<string, unknown>;
  sort: 'SLA' | 'PRIORITY' | 'UPDATED' | 'CREATED';
  columns: string[];
}

export interface SaveViewDialogProps {
  draft: ViewDraft;
  /** The groups one may share a view with (by key, with their names); none: views are personal. */
  shareable: { key: string; name: string }[];
  onSaved: (id: string) => void;
}

export function SaveViewDialog({ draft, shareable, onSaved }: SaveViewDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [name, setName] = useState('');
  const [group, setGroup] = useState('');
  const [created, create] = useMutation(CreateViewMutation);
  const [error, setError] = useState<typeof created.error>();
  const problems = fieldErrors(error);
  // A refusal to share (FORBIDDEN) is about the group chosen.
  if (errorCode(error) === 'FORBIDDEN' && group) problems.group ??= errorMessage(error!);
  const general = error && !problems.name && !problems.group ? errorMessage(error) : null;

  const save = async () => {
    const answer = await create({ input: { ...draft, name, ...(group && { group }) } });
    if (answer.error) return setError(answer.error);
    setError(undefined);
    setName('');
    setGroup('');
    dialog.current?.close();
    onSaved(answer.data!.createView.id);
  };

  return (
    <>
      <button type="button" className="button-secondary" onClick={() => dialog.current?.showModal()}>
        Save as…
      </button>
      <dialog ref={dialog} className="queue-save-dialog" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Save as a new view</h2>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!problems.name}
              aria-describedby={problems.name ? `${id}-name-error` : undefined}
            />
            {problems.name && (
              <p id={`${id}-name-error`} className="field-error">
                {problems.name}
              </p>
            )}
          </div>
          {shareable.length > 0 ? (
            <div className="field">
              <label htmlFor={`${id}-group`}>Share with group</label>
              <select
                id={`${id}-group`}
                value={group}
                onChange={(e) => setGroup(e.target.value)}
                aria-invalid={!!problems.group}
                aria-describedby={problems.group ? `${id}-group-error` : undefined}
              >
                <option value="">Nobody: only me</option>
                {shareable.map((g) => (
                  <option key={g.key} value={g.key}>
                    {g.name}
                  </option>
                ))}
              </select>
              {problems.group && (
                <p id={`${id}-group-error`} className="field-error">
                  {problems.group}
                </p>
              )}
            </div>
          ) : (
            <p className="muted">Only you will see this view.</p>
          )}
          {general && (
            <p role="alert" className="notice notice-error">
              {general}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={created.fetching}>
              {created.fetching ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="button-secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
