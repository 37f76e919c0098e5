// The draft editor of a process: its definition as JSON beside a diagram of its states and
// transitions. As the admin types, the API validates the text (debounced); each problem is marked at
// its place in the text and on the diagram. Saving keeps the draft as it is, valid or not; publishing
// saves, then makes it the process's next version, or shows why it cannot.
import type { Diagnostic } from '@codemirror/lint';
import { jsonParseLinter } from '@codemirror/lang-json';
import type { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useMutation, type CombinedError } from 'urql';
import { graphql } from '../graphql';
import { errorMessage, inputProblems } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { Link } from '../router';
import { routes } from '../routes';
import { JsonEditor } from './JsonEditor';
import { rangeOfPath } from './jsonPath';
import { ProcessDiagram, type Problem } from './ProcessDiagram';

const ValidateMutation = graphql(`
  mutation ValidateDefinition($definition: JSON!) {
    validateProcessDefinition(definition: $definition) {
      ok
      problems {
        path
        message
      }
    }
  }
`);

const SaveDraftMutation = graphql(`
  mutation SaveDraft($definition: JSON!) {
    saveProcessDraft(definition: $definition) {
      key
      updatedAt
      problems {
        path
        message
      }
    }
  }
`);

const PublishMutation = graphql(`
  mutation PublishDefinition($key: String!) {
    publishProcessDefinition(key: $key) {
      key
      version
    }
  }
`);

const VALIDATE_AFTER_MS = 400;
const problemCount = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

interface EditorProps {
  processKey: string;
  schema: Record<string, unknown>;
  initial: string;
  latest: { version: number; text: string } | null;
  draftSavedAt: string | null;
}

export function DraftEditor({ processKey, schema, initial, latest, draftSavedAt }: EditorProps) {
  const client = useClient();
  const view = useRef<EditorView | null>(null);
  /** Puts the cursor on a problem's place in the text, scrolled into sight (the editor draws only what shows). */
  const reveal = (problem: Problem) => {
    const editor = view.current;
    if (!editor) return;
    const { from, to } = rangeOfPath(editor.state, problem.path);
    editor.dispatch({
      selection: { anchor: from, head: to },
      effects: EditorView.scrollIntoView(from, { y: 'center' }),
    });
    editor.focus();
  };
  const [text, setText] = useState(initial);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(
    draftSavedAt ? { kind: 'ok', text: `Editing the draft saved ${formatDateTime(draftSavedAt)}.` } : null,
  );
  const [saved, save] = useMutation(SaveDraftMutation);
  const [published, publish] = useMutation(PublishMutation);
  const parsed = useMemo(() => parse(text), [text]);
  // The diagram keeps the last definition that parsed while the text is half typed.
  const [shown, setShown] = useState<unknown>(() => {
    const first = parse(initial);
    return first.ok ? first.value : {};
  });
  const edit = useCallback((next: string) => {
    setText(next);
    const answer = parse(next);
    if (answer.ok) setShown(answer.value);
  }, []);
  // The text the problems shown were found in: until the answer for this text comes, "Checking…".
  const [checked, setChecked] = useState<string | null>(null);
  const checking = parsed.ok && checked !== text;

  useEffect(() => {
    if (!parsed.ok) return;
    let current = true;
    const timer = setTimeout(() => {
      void client
        .mutation(ValidateMutation, { definition: parsed.value })
        .toPromise()
        .then((answer) => {
          if (!current) return;
          setChecked(text);
          if (answer.data) setProblems(answer.data.validateProcessDefinition.problems);
          else if (answer.error) setStatus({ kind: 'error', text: errorMessage(answer.error) });
        });
    }, VALIDATE_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, parsed, text]);

  const diagnostics = useCallback(
    (state: EditorState): Diagnostic[] => {
      // Text that does not parse: the parser's own mark, the API is not asked.
      if (!parse(state.doc.toString()).ok) return jsonParseLinter()({ state } as EditorView);
      return problems.map((problem) => ({
        ...rangeOfPath(state, problem.path),
        severity: 'error',
        message: problem.path ? `${problem.path}: ${problem.message}` : problem.message,
      }));
    },
    [problems],
  );

  /** A refused save or publish: the problems the API listed, marked like the validation's; else why. */
  const refused = (error: CombinedError, what: string) => {
    const found = inputProblems(error);
    if (found.length === 0) return setStatus({ kind: 'error', text: `${what}: ${errorMessage(error)}` });
    setProblems(found);
    setChecked(text);
    setStatus({ kind: 'error', text: `${what}: ${problemCount(found.length)}, marked in the text.` });
  };

  const onSave = async (): Promise<boolean> => {
    if (!parsed.ok) {
      setStatus({ kind: 'error', text: 'The text is not JSON yet: fix the marked place first.' });
      return false;
    }
    const answer = await save({ definition: parsed.value });
    if (answer.error) {
      refused(answer.error, 'Not saved');
      return false;
    }
    const count = answer.data?.saveProcessDraft.problems.length ?? 0;
    setStatus({
      kind: 'ok',
      text: count === 0 ? 'Draft saved. It can be published.' : `Draft saved with ${problemCount(count)}.`,
    });
    return true;
  };

  const onPublish = async () => {
    if (!(await onSave())) return;
    const answer = await publish({ key: processKey });
    if (answer.error) refused(answer.error, 'Not published');
    else if (answer.data)
      setStatus({ kind: 'ok', text: `Published as version ${answer.data.publishProcessDefinition.version}.` });
  };

  const busy = saved.fetching || published.fetching;
  return (
    <section className="page page-wide">
      <div className="page-header">
        <h1>Edit {processKey}</h1>
        <Link href={routes.adminProcesses.href()}>All processes</Link>
      </div>
      <div className="editor-toolbar">
        <button type="button" className="button-primary" disabled={busy} onClick={() => void onPublish()}>
          Publish
        </button>
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void onSave()}>
          Save draft
        </button>
        {latest && (
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => {
              edit(latest.text);
              setStatus({ kind: 'ok', text: `Started again from version ${latest.version} (not saved yet).` });
            }}
          >
            Start from version {latest.version}
          </button>
        )}
        <p className="editor-verdict" aria-live="polite">
          {!parsed.ok
            ? 'Not JSON yet.'
            : checking
              ? 'Checking…'
              : problems.length === 0
                ? 'No problems.'
                : `${problemCount(problems.length)}.`}
        </p>
      </div>
      {status && (
        <p
          className={status.kind === 'error' ? 'notice notice-error' : 'notice notice-success'}
          role={status.kind === 'error' ? 'alert' : 'status'}
        >
          {status.text}
        </p>
      )}
      <div className="editor-panes">
        <div className="editor-pane">
          <h2 id="definition-heading">Definition</h2>
          <JsonEditor
            value={text}
            onChange={edit}
            label="Definition (JSON)"
            schema={schema}
            problems={diagnostics}
            onReady={(editor) => (view.current = editor)}
          />
        </div>
        <div className="editor-pane">
          <h2>Diagram</h2>
          <ProcessDiagram definition={shown} problems={parsed.ok ? problems : []} />
          {problems.length > 0 && (
            <ul className="problem-list" aria-label="Problems">
              {problems.map((p, i) => (
                <li key={i}>
                  <button type="button" className="button-link" onClick={() => reveal(p)}>
                    <code>{p.path || '(definition)'}</code>
                  </button>{' '}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
