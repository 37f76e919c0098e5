// "New process": a key and a name make a draft from the API's smallest publishable template, and the
// editor opens on it. A bad or taken key is the API's to refuse; its message shows here.
import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { errorMessage } from '../lib/errors';
import { navigate } from '../router';
import { routes } from '../routes';
import { graphql } from '../graphql';

/** The new process's draft (the cache reads the list of processes again: client.ts). */
const CreateDraftMutation = graphql(`
  mutation CreateProcessDraft($key: String!, $name: String!) {
    createProcessDraft(key: $key, name: $name) {
      key
    }
  }
`);

export function NewProcessForm() {
  const [created, create] = useMutation(CreateDraftMutation);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  return (
    <section aria-labelledby="new-process-heading">
      <h2 id="new-process-heading">New process</h2>
      {created.error && <ErrorNotice error={errorMessage(created.error)} />}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create({ key: key.trim(), name }).then((answer) => {
            if (answer.data) navigate(routes.adminProcessEditor.href({ key: answer.data.createProcessDraft.key }));
          });
        }}
      >
        <label>
          Key{' '}
          <input
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="facilities"
            pattern="[a-z][a-z0-9\-]*"
            title="Lowercase letters, digits and -, starting with a letter"
            required
          />
        </label>
        <label>
          Name{' '}
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Facilities request" required />
        </label>
        <button type="submit" className="button-secondary" disabled={created.fetching}>
          Create draft
        </button>
      </form>
    </section>
  );
}
