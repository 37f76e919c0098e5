// Canned replies and macros, for coordinators (their groups') and admins (every one): the list, a form
// to create or edit one (MacroForm), and delete with a confirmation. The server decides who may
// change which and refuses in words; the page shows what it says.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import type { ResultOf } from '../graphql';
import { errorMessage } from '../lib/errors';
import { usePageTitle } from '../lib/usePageTitle';
import './macros.css';
import { MacroForm } from './MacroForm';
import type { MacroFields } from './operations';
import { DeleteMacro, MacrosQuery } from './operations';

export type MacroData = ResultOf<typeof MacroFields>;

export function MacrosPage() {
  usePageTitle('Macros');
  const [result, reexecute] = useQuery({ query: MacrosQuery, variables: {} });
  const [editing, setEditing] = useState<MacroData | 'new' | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleted, remove] = useMutation(DeleteMacro);
  const macros: MacroData[] = result.data?.macros ?? [];
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  return (
    <section className="page macros-page" aria-labelledby="macros-heading">
      <h1 id="macros-heading">Canned replies and macros</h1>
      <p className="muted">
        A canned reply is a text agents insert while writing; a macro replies, sets fields and the priority and takes a
        transition, all at once.
      </p>
      {editing === null && (
        <p>
          <button type="button" className="button-primary" onClick={() => setEditing('new')}>
            New canned reply or macro
          </button>
        </p>
      )}
      {editing !== null && (
        <MacroForm
          macro={editing === 'new' ? undefined : editing}
          onDone={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
      {result.error && <ErrorNotice error={result.error} retry={refresh} />}
      {deleted.error && <ErrorNotice error={errorMessage(deleted.error)} />}
      {!result.data && !result.error && <Loading what="Loading macros…" />}
      {result.data && macros.length === 0 && <p className="empty">None yet.</p>}
      <ul className="macro-list">
        {macros.map((m) => (
          <li key={m.id} className="card macro-item">
            <h2 className="macro-name">{m.name}</h2>
            <p className="muted">
              {m.kind === 'reply' ? 'Canned reply' : 'Macro'} · {m.group ? `group ${m.group}` : 'all groups'}
              {m.process ? ` · ${m.process}` : ''}
            </p>
            <ul className="macro-effects">
              {m.effects.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            {m.body && <p className="prose macro-body">{m.body}</p>}
            <div className="form-actions">
              <button type="button" className="button-secondary" onClick={() => setEditing(m)}>
                Edit <span className="visually-hidden">{m.name}</span>
              </button>
              {confirming === m.id ? (
                <span role="group" aria-label={`Delete ${m.name}?`}>
                  <span>Delete “{m.name}”? </span>
                  <button
                    type="button"
                    className="button-primary"
                    autoFocus
                    onClick={() =>
                      void remove({ id: m.id }).then((answer) => {
                        setConfirming(null);
                        if (!answer.error) refresh();
                      })
                    }
                  >
                    Yes, delete
                  </button>{' '}
                  <button type="button" className="button-secondary" onClick={() => setConfirming(null)}>
                    Keep it
                  </button>
                </span>
              ) : (
                <button type="button" className="button-secondary" onClick={() => setConfirming(m.id)}>
                  Delete <span className="visually-hidden">{m.name}</span>
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
