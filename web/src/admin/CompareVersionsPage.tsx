// Two published versions of a process side by side, read-only, the lines that differ highlighted
// (CodeMirror's merge view); stretches that are the same fold away.
import { json } from '@codemirror/lang-json';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { cspNonce } from '../lib/cspNonce';
import { usePageTitle } from '../lib/usePageTitle';
import { Link, navigate } from '../router';
import { routes } from '../routes';
import { graphql } from '../graphql';

/** The versions to choose from. */
const VersionsQuery = graphql(`
  query CompareProcessVersions {
    processDefinitions {
      key
      versions {
        version
      }
    }
  }
`);

const VersionQuery = graphql(`
  query ProcessVersion($key: String!, $version: Int!) {
    processDefinition(key: $key, version: $version) {
      key
      version
      publishedAt
      definition
    }
  }
`);

const pretty = (definition: unknown) => `${JSON.stringify(definition, null, 2)}\n`;

function readOnly(doc: string, label: string) {
  return {
    doc,
    extensions: [
      lineNumbers(),
      json(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      EditorState.readOnly.of(true),
      EditorView.editable.of(false),
      // The merge view's themes are style elements: the page's nonce lets them past the policy.
      EditorView.cspNonce.of(cspNonce()),
      EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
    ],
  };
}

function Diff({ a, b, labelA, labelB }: { a: string; b: string; labelA: string; labelB: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = new MergeView({
      parent: host.current!,
      a: readOnly(a, labelA),
      b: readOnly(b, labelB),
      collapseUnchanged: { margin: 3, minSize: 6 },
      gutter: true,
    });
    return () => view.destroy();
  }, [a, b, labelA, labelB]);
  return <div className="diff-view" ref={host} />;
}

export function CompareVersionsPage({ processKey, a, b }: { processKey: string; a: number; b: number }) {
  usePageTitle(`Compare ${processKey}`);
  const [list] = useQuery({ query: VersionsQuery });
  const [left] = useQuery({ query: VersionQuery, variables: { key: processKey, version: a } });
  const [right] = useQuery({ query: VersionQuery, variables: { key: processKey, version: b } });
  const versions = list.data?.processDefinitions.find((p) => p.key === processKey)?.versions ?? [];
  const error = left.error ?? right.error;
  const choose = (side: 'a' | 'b', version: string) => {
    const next = { a, b, [side]: Number(version) };
    navigate(routes.adminCompareVersions.href({ key: processKey }, next), { replace: true });
  };
  const picker = (side: 'a' | 'b', value: number, label: string) => (
    <label className="field-inline">
      {label}{' '}
      <select value={value} onChange={(e) => choose(side, e.target.value)}>
        {(versions.length ? versions.map((v) => v.version) : [value]).map((v) => (
          <option key={v} value={v}>
            v{v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="page page-wide">
      <div className="page-header">
        <h1>Compare versions of {processKey}</h1>
        <Link href={routes.adminProcesses.href()}>All processes</Link>
      </div>
      <div className="editor-toolbar">
        {picker('a', a, 'Left')}
        {picker('b', b, 'Right')}
      </div>
      {error && <ErrorNotice error={error} />}
      {!error && (!left.data || !right.data) && <Loading what="Loading the versions…" />}
      {left.data && right.data && (!left.data.processDefinition || !right.data.processDefinition) && (
        <p className="empty">One of these versions does not exist.</p>
      )}
      {left.data?.processDefinition && right.data?.processDefinition && (
        <Diff
          a={pretty(left.data.processDefinition.definition)}
          b={pretty(right.data.processDefinition.definition)}
          labelA={`Version ${a} (read-only)`}
          labelB={`Version ${b} (read-only)`}
        />
      )}
    </section>
  );
}
