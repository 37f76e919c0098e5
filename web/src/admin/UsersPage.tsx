// People: pending registrations to approve or reject, and everyone's role and status.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { graphql } from '../graphql';
import { usePageTitle } from '../lib/usePageTitle';

const UserFields = graphql(`
  fragment AdminUserFields on User {
    id
    email
    name
    role
    status
  }
`);

const UsersQuery = graphql(
  `
    query AdminUsers {
      users {
        ...AdminUserFields
      }
    }
  `,
  [UserFields],
);

const Approve = graphql(`
  mutation ApproveUser($userId: ID!) {
    approveUser(userId: $userId) {
      id
      status
    }
  }
`);
const Reject = graphql(`
  mutation RejectUser($userId: ID!) {
    rejectUser(userId: $userId) {
      id
      status
    }
  }
`);
const SetRole = graphql(`
  mutation SetUserRole($userId: ID!, $role: String!) {
    setUserRole(userId: $userId, role: $role) {
      id
      role
    }
  }
`);
const SetStatus = graphql(`
  mutation SetUserStatus($userId: ID!, $status: String!) {
    setUserStatus(userId: $userId, status: $status) {
      id
      status
    }
  }
`);

const ROLES = ['EMPLOYEE', 'AGENT', 'COORDINATOR', 'ADMIN'];
const STATUSES = ['active', 'away', 'inactive'];

export function UsersPage() {
  usePageTitle('Users');
  const [result, reexecute] = useQuery({ query: UsersQuery });
  const [approved, approve] = useMutation(Approve);
  const [rejected, reject] = useMutation(Reject);
  const [roleSet, setRole] = useMutation(SetRole);
  const [statusSet, setStatus] = useMutation(SetStatus);
  const [filter, setFilter] = useState('');
  const users = result.data?.users;
  const failure = approved.error ?? rejected.error ?? roleSet.error ?? statusSet.error;
  const pending = users?.filter((u) => u.status === 'pending') ?? [];
  const others = (users ?? []).filter(
    (u) => u.status !== 'pending' && `${u.name} ${u.email}`.toLowerCase().includes(filter.toLowerCase()),
  );

  return (
    <section className="page page-wide">
      <h1>Users</h1>
      {failure && <ErrorNotice error={failure} />}
      {result.error && !users && (
        <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />
      )}
      {!users && !result.error && <Loading what="Loading people…" />}
      {users && (
        <>
          <h2>Waiting for approval</h2>
          {pending.length === 0 ? (
            <p className="muted">No registration is waiting.</p>
          ) : (
            <ul className="pending-list">
              {pending.map((u) => (
                <li key={u.id}>
                  <span>
                    <strong>{u.name}</strong> <span className="muted">{u.email}</span>
                  </span>
                  <button
                    type="button"
                    className="button-primary"
                    onClick={() => void approve({ userId: u.id })}
                    aria-label={`Approve ${u.name}`}
                  >
                    Approve
                  </button>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => void reject({ userId: u.id })}
                    aria-label={`Reject ${u.name}`}
                  >
                    Reject
                  </button>
                </li>
              ))}
            </ul>
          )}
          <h2>Everyone</h2>
          <label className="field-inline">
            Find by name or email <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </label>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {others.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.name}</th>
                  <td>{u.email}</td>
                  <td>
                    <select
                      aria-label={`Role of ${u.name}`}
                      value={u.role}
                      onChange={(e) => void setRole({ userId: u.id, role: e.target.value })}
                    >
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {STATUSES.includes(u.status) ? (
                      <select
                        aria-label={`Status of ${u.name}`}
                        value={u.status}
                        onChange={(e) => void setStatus({ userId: u.id, status: e.target.value })}
                      >
                        {STATUSES.map((s) => (
                          <option key={s}>{s}</option>
                        ))}
                      </select>
                    ) : (
                      u.status
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {others.length === 0 && <p className="muted">No one matches.</p>}
        </>
      )}
    </section>
  );
}
