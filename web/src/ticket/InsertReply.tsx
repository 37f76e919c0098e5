// "Insert reply" in the composer: a canned reply of those the ticket offers, picked from a labelled
// select (keyboard-operable as it is) and inserted, filled for this ticket by the server (fillReply,
// as the reply's or note's readers may see its fields), at the caret of what is being written.
import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import { errorMessage } from '../lib/errors';
import { FillReply, MacrosQuery } from '../macros/operations';

interface InsertReplyProps {
  number: string;
  visibility: 'public' | 'internal';
  onInsert: (text: string) => void;
}

export function InsertReply({ number, visibility, onInsert }: InsertReplyProps) {
  const client = useClient();
  const [offered] = useQuery({ query: MacrosQuery, variables: { ticket: number } });
  const replies = (offered.data?.macros ?? []).filter((m) => m.kind === 'reply');
  const [picked, setPicked] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (replies.length === 0) return null;
  const id = `insert-reply-${number}`;

  const insert = async () => {
    if (!picked || busy) return;
    setBusy(true);
    const answer = await client
      .query(FillReply, { number, macro: picked, visibility }, { requestPolicy: 'network-only' })
      .toPromise();
    setBusy(false);
    if (answer.error || answer.data?.fillReply === undefined) {
      setProblem(answer.error ? errorMessage(answer.error) : 'The reply could not be filled.');
      return;
    }
    setProblem(undefined);
    onInsert(answer.data.fillReply);
  };

  return (
    <div className="insert-reply">
      <label htmlFor={id}>Insert reply</label>
      <select id={id} value={picked} onChange={(e) => setPicked(e.target.value)}>
        <option value="">Choose a canned reply…</option>
        {replies.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button-secondary button-small"
        disabled={!picked || busy}
        onClick={() => void insert()}
      >
        {busy ? 'Inserting…' : 'Insert'}
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
