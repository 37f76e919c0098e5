// The audit log, newest first: a page at first, the next ones below it with the Pager (the cache merges
// them).
import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { Pager } from '../components/Pager';
import { graphql } from '../graphql';
import { usePageTitle } from '../lib/usePageTitle';
import { formatDateTime } from '../lib/format';

const PAGE_SIZE = 20;

const AuditQuery = graphql(`
  query AdminAuditLog($first: Int!, $after: String) {
    auditLog(first: $first, after: $after) {
      nodes {
        id
        at
        actor
        action
        subject
        details
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Whose names to show for the actors' ids. */
const AuditPeople = graphql(`
  query AdminAuditPeople {
    users {
      id
      name
    }
  }
`);

export function AuditLogPage() {
  usePageTitle('Audit log');
  // Where the last page read starts: the cache answers with every page up to it.
  const [after, setAfter] = useState<string | null>(null);
  const [result, reexecute] = useQuery({ query: AuditQuery, variables: { first: PAGE_SIZE, after } });
  const page = result.data?.auditLog;
  // Actors are user ids (or 'seed', the command line): shown by name where one is known.
  const [people] = useQuery({ query: AuditPeople });
  const names = new Map((people.data?.users ?? []).map((u) => [u.id, u.name]));
  return (
    <section className="page page-wide">
      <h1>Audit log</h1>
      {result.error && <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!page && !result.error && <Loading what="Loading the audit log…" />}
      {page?.nodes.length === 0 && <p className="muted">Nothing has been recorded yet.</p>}
      {page && page.nodes.length > 0 && (
        // tabIndex: on a phone the table scrolls sideways within its box, and has nothing else to focus.
        <table className="admin-table" tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Concerning</th>
            </tr>
          </thead>
          <tbody>
            {page.nodes.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at)}</td>
                <td>{names.get(entry.actor) ?? entry.actor}</td>
                <td>
                  {entry.action}
                  <div className="muted audit-details">{JSON.stringify(entry.details)}</div>
                </td>
                <td>{entry.subject}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (
        <Pager
          what="audit entries"
          hasNext={page.pageInfo.hasNextPage}
          loading={result.fetching}
          onMore={() => setAfter(page.pageInfo.endCursor ?? null)}
        />
      )}
    </section>
  );
}
