// Groups and their members, in round-robin order: create a group, add and remove staff.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { graphql } from '../graphql';
import { usePageTitle } from '../lib/usePageTitle';

/** The staff who may join a group. */
const GroupPeople = graphql(`
  query AdminGroupPeople {
    users {
      id
      name
      role
    }
  }
`);

const GroupFields = graphql(`
  fragment AdminGroupFields on Group {
    key
    name
    members {
      id
      name
      status
    }
  }
`);
const GroupsQuery = graphql(
  `
    query AdminGroups {
      groups {
        ...AdminGroupFields
      }
    }
  `,
  [GroupFields],
);
const CreateGroup = graphql(
  `
    mutation CreateGroup($key: String!, $name: String!) {
      createGroup(key: $key, name: $name) {
        ...AdminGroupFields
      }
    }
  `,
  [GroupFields],
);
const AddMember = graphql(
  `
    mutation AddGroupMember($group: String!, $userId: ID!) {
      addGroupMember(group: $group, userId: $userId) {
        ...AdminGroupFields
      }
    }
  `,
  [GroupFields],
);
const RemoveMember = graphql(
  `
    mutation RemoveGroupMember($group: String!, $userId: ID!) {
      removeGroupMember(group: $group, userId: $userId) {
        ...AdminGroupFields
      }
    }
  `,
  [GroupFields],
);

export function GroupsPage() {
  usePageTitle('Groups');
  const [people] = useQuery({ query: GroupPeople });
  const users = people.data?.users ?? [];
  const [result, reexecute] = useQuery({ query: GroupsQuery });
  const [created, create] = useMutation(CreateGroup);
  const [added, add] = useMutation(AddMember);
  const [removed, remove] = useMutation(RemoveMember);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [choice, setChoice] = useState<Record<string, string>>({});
  const staff = users.filter((u) => u.role !== 'EMPLOYEE');
  const groups = result.data?.groups;
  const failure = created.error ?? added.error ?? removed.error;

  return (
    <section className="page page-wide">
      <h1>Groups</h1>
      {failure && <ErrorNotice error={failure} />}
      {result.error && !groups && (
        <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />
      )}
      {!groups && !result.error && <Loading what="Loading groups…" />}
      {groups?.length === 0 && <p className="muted">No groups yet.</p>}
      {groups?.map((group) => (
        <div key={group.key} className="group-card">
          <h2>
            {group.name} <span className="muted">({group.key})</span>
          </h2>
          {group.members.length === 0 ? (
            <p className="muted">No members.</p>
          ) : (
            <ol>
              {group.members.map((m) => (
                <li key={m.id}>
                  {m.name} <span className="muted">{m.status}</span>{' '}
                  <button
                    type="button"
                    className="button-link"
                    onClick={() => void remove({ group: group.key, userId: m.id })}
                    aria-label={`Remove ${m.name} from ${group.name}`}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ol>
          )}
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const userId = choice[group.key];
              if (userId) void add({ group: group.key, userId });
            }}
          >
            <label>
              Add to {group.name}{' '}
              <select
                value={choice[group.key] ?? ''}
                onChange={(e) => setChoice({ ...choice, [group.key]: e.target.value })}
              >
                <option value="">Choose someone…</option>
                {staff
                  .filter((u) => !group.members.some((m) => m.id === u.id))
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </label>
            <button type="submit" className="button-secondary" disabled={!choice[group.key]}>
              Add
            </button>
          </form>
        </div>
      ))}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create({ key, name }).then((r) => {
            if (!r.error) {
              setKey('');
              setName('');
              reexecute({ requestPolicy: 'network-only' });
            }
          });
        }}
      >
        <label>
          New group key <input value={key} onChange={(e) => setKey(e.target.value)} required />
        </label>
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <button type="submit" className="button-secondary">
          Create group
        </button>
      </form>
    </section>
  );
}
