// A CodeMirror 6 editor for a definition's JSON: syntax colours, brackets, folding, history, search,
// completion from the definition's JSON Schema, and the problems it is given as lint marks at their
// places (`diagnostics`, set from outside: the API validates, not the editor).
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { cspNonce } from '../lib/cspNonce';
import { schemaCompletion } from './schemaCompletion';

export interface EditorProblem {
  from: number;
  to: number;
  message: string;
}

interface JsonEditorProps {
  /** The text it starts with; later changes to it replace the text (a draft loaded). */
  value: string;
  onChange: (text: string, state: EditorState) => void;
  label: string;
  schema?: Record<string, unknown>;
  /** Problems to mark, computed from a state of this editor. */
  problems?: (state: EditorState) => Diagnostic[];
  /** Gets the editor once made, e.g. to move to a problem. */
  onReady?: (view: EditorView | null) => void;
}

export function JsonEditor({ value, onChange, label, schema, problems, onReady }: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const change = useRef(onChange);
  useLayoutEffect(() => {
    change.current = onChange;
  });

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          foldGutter(),
          lintGutter(),
          history(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          json(),
          // Its themes are style elements: the page's nonce lets them past the Content-Security-Policy.
          EditorView.cspNonce.of(cspNonce()),
          autocompletion(schema ? { override: [schemaCompletion(schema)] } : {}),
          keymap.of([
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            ...foldKeymap,
            ...completionKeymap,
            ...lintKeymap,
            indentWithTab,
          ]),
          // tabindex: axe counts the text as the scroller's keyboard access only when it says so.
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) change.current(update.state.doc.toString(), update.state);
          }),
        ],
      }),
    });
    view.current = editor;
    onReady?.(editor);
    change.current(editor.state.doc.toString(), editor.state);
    return () => {
      onReady?.(null);
      editor.destroy();
    };
    // The editor is made once; a new value is dispatched below, a new schema remounts (key).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || !problems) return;
    editor.dispatch(setDiagnostics(editor.state, problems(editor.state)));
  }, [problems]);

  return <div className="json-editor" ref={host} />;
}
