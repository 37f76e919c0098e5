// API keys: every key with what it may do, a new one (its secret shown this once, with a copy
// button), and revoking one.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { graphql } from '../graphql';
import { usePageTitle } from '../lib/usePageTitle';
import { formatDateTime } from '../lib/format';

const KeyFields = graphql(`
  fragment AdminApiKeyFields on ApiKey {
    id
    name
    prefix
    processes
    signals
    createTickets
    readTickets
    createdAt
    revokedAt
    lastUsedAt
  }
`);
const KeysQuery = graphql(
  `
    query AdminApiKeys {
      apiKeys {
        ...AdminApiKeyFields
      }
    }
  `,
  [KeyFields],
);
const CreateKey = graphql(
  `
    mutation CreateApiKey($input: CreateApiKeyInput!) {
      createApiKey(input: $input) {
        secret
        key {
          ...AdminApiKeyFields
        }
      }
    }
  `,
  [KeyFields],
);
const RevokeKey = graphql(
  `
    mutation RevokeApiKey($id: ID!) {
      revokeApiKey(id: $id) {
        ...AdminApiKeyFields
      }
    }
  `,
  [KeyFields],
);

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export function ApiKeysPage() {
  usePageTitle('API keys');
  const [result, reexecute] = useQuery({ query: KeysQuery });
  const [created, create] = useMutation(CreateKey);
  const [revoked, revoke] = useMutation(RevokeKey);
  const [name, setName] = useState('');
  const [processes, setProcesses] = useState('');
  const [signals, setSignals] = useState('');
  const [createTickets, setCreateTickets] = useState(false);
  const [readTickets, setReadTickets] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const keys = result.data?.apiKeys;

  return (
    <section className="page page-wide">
      <h1>API keys</h1>
      {(created.error ?? revoked.error) && <ErrorNotice error={(created.error ?? revoked.error)!} />}
      {secret && (
        <div className="notice notice-success" role="status">
          <p>The new key — copy it now, it is not shown again:</p>
          <p>
            <code className="secret">{secret}</code>{' '}
            <button
              type="button"
              className="button-secondary"
              onClick={() => void navigator.clipboard.writeText(secret).then(() => setCopied(true))}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>{' '}
            <button type="button" className="button-link" onClick={() => setSecret(null)}>
              Done
            </button>
          </p>
        </div>
      )}
      {result.error && !keys && (
        <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />
      )}
      {!keys && !result.error && <Loading what="Loading API keys…" />}
      {keys?.length === 0 && <p className="muted">No API keys yet.</p>}
      {keys && keys.length > 0 && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">May</th>
              <th scope="col">Used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <th scope="row">
                  {k.name} <div className="muted">tfk_{k.prefix}…</div>
                </th>
                <td>
                  {k.processes.join(', ')}
                  <div className="muted">
                    {[k.createTickets && 'create', k.readTickets && 'read', ...k.signals].filter(Boolean).join(', ') ||
                      '—'}
                  </div>
                </td>
                <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
                <td>
                  {k.revokedAt ? (
                    `Revoked ${formatDateTime(k.revokedAt)}`
                  ) : (
                    <button
                      type="button"
                      className="button-secondary"
                      aria-label={`Revoke ${k.name}`}
                      onClick={() => {
                        if (window.confirm(`Revoke ${k.name}? It stops working at once.`)) void revoke({ id: k.id });
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const input = { name, processes: words(processes), signals: words(signals), createTickets, readTickets };
          void create({ input }).then((r) => {
            if (!r.data) return;
            setSecret(r.data.createApiKey.secret);
            setCopied(false);
            setName('');
            reexecute({ requestPolicy: 'network-only' });
          });
        }}
      >
        <label>
          Key name <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Processes{' '}
          <input value={processes} onChange={(e) => setProcesses(e.target.value)} placeholder="it-support" required />
        </label>
        <label>
          Signals <input value={signals} onChange={(e) => setSignals(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={createTickets} onChange={(e) => setCreateTickets(e.target.checked)} /> Create
          tickets
        </label>
        <label>
          <input type="checkbox" checked={readTickets} onChange={(e) => setReadTickets(e.target.checked)} /> Read
          tickets
        </label>
        <button type="submit" className="button-secondary">
          Create key
        </button>
      </form>
    </section>
  );
}
