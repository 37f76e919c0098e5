// The queue's views: the list of them (built-in, one's own, shared with one's groups), and what one
// does with the current one — make it one's default, save the list as it is now into it ("Save view",
// when one may change it), save it anew ("Save as…"), remove it (after a confirm), choose its columns.
import { useMutation, type CombinedError } from 'urql';
import { useState } from 'react';
import { errorMessage } from '../lib/errors';
import { Link } from '../router';
import { routes } from '../routes';
import { ColumnChooser } from './ColumnChooser';
import { DeleteViewMutation, SetDefaultViewMutation, UpdateViewMutation, type QueuePageQuery } from './operations';
import { SaveViewDialog, type ViewDraft } from './SaveViewDialog';
import type { ResultOf } from '../graphql';

export type View = ResultOf<typeof QueuePageQuery>['views'][number];

export interface ViewBarProps {
  views: View[];
  current: View | undefined;
  /** The list as it is now: what saving keeps. */
  draft: ViewDraft;
  shareable: { key: string; name: string }[];
  /** Columns chosen where the view cannot keep them (this browser). */
  onLocalColumns: (columns: string[]) => void;
  onOpen: (id: string | null) => void;
}

export function ViewBar({ views, current, draft, shareable, onLocalColumns, onOpen }: ViewBarProps) {
  const [, setDefault] = useMutation(SetDefaultViewMutation);
  const [updated, update] = useMutation(UpdateViewMutation);
  const [, remove] = useMutation(DeleteViewMutation);
  const [error, setError] = useState<CombinedError>();
  const [said, say] = useState('');
  const editable = !!current && current.mayEdit && current.kind !== 'BUILT_IN';

  const save = async (input: Partial<ViewDraft>, done: string) => {
    const answer = await update({ id: current!.id, input });
    setError(answer.error);
    if (answer.error) return;
    say(done);
    // Saved into the view: the address need not say it again.
    if (input.filter) onOpen(current!.id);
  };

  return (
    <nav aria-label="Views" className="queue-views">
      <ul>
        {views.map((v) => (
          <li key={v.id}>
            <Link href={routes.queue.href({ view: v.id })} {...(v === current && { 'aria-current': 'page' })}>
              {v.name}
              {v.kind === 'SHARED' && <span className="muted"> (shared)</span>}
              {v.isDefault && <span className="queue-default"> (default)</span>}
            </Link>
          </li>
        ))}
      </ul>
      <div className="queue-view-actions">
        {current && !current.isDefault && (
          <button type="button" className="button-secondary" onClick={() => void setDefault({ id: current.id })}>
            Make “{current.name}” my default
          </button>
        )}
        {editable && (
          <button
            type="button"
            disabled={updated.fetching}
            onClick={() => void save(draft, `Saved “${current.name}”.`)}
          >
            Save view
          </button>
        )}
        <SaveViewDialog draft={draft} shareable={shareable} onSaved={(id) => onOpen(id)} />
        {editable && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              if (!window.confirm(`Delete the view “${current.name}”? Nobody will see it any more.`)) return;
              void remove({ id: current.id }).then((answer) => {
                setError(answer.error);
                if (!answer.error) onOpen(null);
              });
            }}
          >
            Delete view
          </button>
        )}
        <ColumnChooser
          columns={draft.columns}
          kept={editable ? 'Saved with the view.' : 'Kept in this browser.'}
          onChange={(columns) => (editable ? void save({ columns }, 'Columns saved.') : onLocalColumns(columns))}
        />
      </div>
      <p role="status" className="visually-hidden">
        {said}
      </p>
      {error && (
        <p role="alert" className="notice notice-error">
          {errorMessage(error)}
        </p>
      )}
    </nav>
  );
}
