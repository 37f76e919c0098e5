// The page of a process's draft editor: what it starts from (the draft, else the latest version), the
// latest version to start again from, and the definition's JSON Schema for completion, read fresh each
// time the page opens; the editing itself is DraftEditor's.
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { graphql } from '../graphql';
import { usePageTitle } from '../lib/usePageTitle';
import { DraftEditor } from './DraftEditor';

const EditorQuery = graphql(`
  query ProcessEditor($key: String!) {
    processDefinitionSchema
    processDraft(key: $key) {
      key
      definition
      updatedAt
    }
    processDefinition(key: $key) {
      key
      version
      definition
    }
  }
`);

const pretty = (definition: unknown) => `${JSON.stringify(definition, null, 2)}\n`;

export function ProcessEditorPage({ processKey }: { processKey: string }) {
  usePageTitle(`Edit ${processKey}`);
  const [result, reexecute] = useQuery({
    query: EditorQuery,
    variables: { key: processKey },
    requestPolicy: 'network-only',
  });
  const data = result.data;
  if (result.error && !data) return <ErrorNotice error={result.error} retry={() => reexecute()} />;
  if (!data || result.fetching) return <Loading what="Loading the definition…" />;
  const latest = data.processDefinition;
  const draft = data.processDraft;
  return (
    <DraftEditor
      processKey={processKey}
      schema={data.processDefinitionSchema as Record<string, unknown>}
      initial={pretty(draft ? draft.definition : (latest?.definition ?? {}))}
      latest={latest ? { version: latest.version, text: pretty(latest.definition) } : null}
      draftSavedAt={draft?.updatedAt ?? null}
    />
  );
}
