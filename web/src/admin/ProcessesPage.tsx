// Every process with its versions: edit its draft, compare two versions, retire or restore it; or
// start a new one.
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';
import { Link } from '../router';
import { routes } from '../routes';
import { NewProcessForm } from './NewProcessForm';
import { graphql } from '../graphql';

const ProcessSummaryFields = graphql(`
  fragment ProcessSummaryFields on ProcessSummary {
    key
    name
    latestVersion
    publishedAt
    hasDraft
    retiredAt
    versions {
      version
      publishedAt
      publishedBy
    }
  }
`);

const ProcessesQuery = graphql(
  `
    query AdminProcesses {
      processDefinitions {
        ...ProcessSummaryFields
      }
    }
  `,
  [ProcessSummaryFields],
);

/** A retired or restored process answers with its summary, which the cache puts in its row. */
const RetireMutation = graphql(
  `
    mutation RetireProcess($key: String!) {
      retireProcess(key: $key) {
        ...ProcessSummaryFields
      }
    }
  `,
  [ProcessSummaryFields],
);

const RestoreMutation = graphql(
  `
    mutation RestoreProcess($key: String!) {
      restoreProcess(key: $key) {
        ...ProcessSummaryFields
      }
    }
  `,
  [ProcessSummaryFields],
);

export function ProcessesPage() {
  usePageTitle('Processes');
  const [result, reexecute] = useQuery({ query: ProcessesQuery });
  const [retired, retire] = useMutation(RetireMutation);
  const [restored, restore] = useMutation(RestoreMutation);
  const processes = result.data?.processDefinitions;
  const failure = retired.error ?? restored.error;
  return (
    <section className="page page-wide">
      <h1>Processes</h1>
      {failure && <ErrorNotice error={errorMessage(failure)} />}
      {result.error && !processes && (
        <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />
      )}
      {!processes && !result.error && <Loading what="Loading the processes…" />}
      {processes && processes.length === 0 && <p className="empty">There are no processes yet.</p>}
      {processes && processes.length > 0 && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Process</th>
              <th scope="col">Latest version</th>
              <th scope="col">Versions</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {processes.map((p) => (
              <tr key={p.key}>
                <th scope="row">
                  {p.name}
                  <div className="muted">{p.key}</div>
                </th>
                <td>
                  {p.latestVersion === null ? 'Draft only' : `v${p.latestVersion}`}
                  {p.publishedAt && <div className="muted">{formatDateTime(p.publishedAt)}</div>}
                </td>
                <td>
                  {p.versions.map((v) => `v${v.version}`).join(', ') || '—'}
                  {p.versions.length >= 2 && (
                    <div>
                      <Link
                        href={routes.adminCompareVersions.href(
                          { key: p.key },
                          { a: p.versions[p.versions.length - 2]!.version, b: p.latestVersion },
                        )}
                        aria-label={`Compare versions of ${p.name}`}
                      >
                        Compare
                      </Link>
                    </div>
                  )}
                </td>
                <td>
                  {p.retiredAt ? `Retired ${formatDateTime(p.retiredAt)}` : 'Takes tickets'}
                  {p.hasDraft && <div className="muted">Has a draft</div>}
                </td>
                <td>
                  <div className="actions">
                    <Link
                      href={routes.adminProcessEditor.href({ key: p.key })}
                      className="button button-secondary"
                      aria-label={`Edit ${p.name}`}
                    >
                      Edit
                    </Link>
                    {p.latestVersion !== null &&
                      (p.retiredAt ? (
                        <button
                          type="button"
                          className="button-secondary"
                          disabled={restored.fetching}
                          onClick={() => void restore({ key: p.key })}
                          aria-label={`Restore ${p.name}`}
                        >
                          Restore
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button-secondary"
                          disabled={retired.fetching}
                          aria-label={`Retire ${p.name}`}
                          onClick={() => {
                            if (window.confirm(`Retire ${p.name}? It takes no new tickets; running ones go on.`))
                              void retire({ key: p.key });
                          }}
                        >
                          Retire
                        </button>
                      ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewProcessForm />
    </section>
  );
}
