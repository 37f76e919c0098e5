// What staff change about a ticket besides its state: who works it and its priority. Agents take a
// ticket of their group ("Take it"); coordinators and admins give it to anyone of its group (people
// away are marked: they get no new tickets from the round-robin, but may be chosen by hand) or back to
// the queue, and set the priority. The server decides for certain; its refusal shows here in words.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { graphql } from '../graphql';
import { errorMessage } from '../lib/errors';
import { humanize } from '../lib/format';
import { newId } from '../lib/ids';
import type { SessionUser } from '../session/session';
import { TicketDetails, type TicketDetailsData } from './details';
import { MentionableStaff } from './mentions';

const Assign = graphql(
  `
    mutation AssignTicket($number: String!, $userId: ID, $expectedVersion: Int, $updateId: String) {
      assignTicket(number: $number, userId: $userId, expectedVersion: $expectedVersion, updateId: $updateId) {
        ...TicketDetails
      }
    }
  `,
  [TicketDetails],
);

const Claim = graphql(
  `
    mutation ClaimTicket($number: String!, $expectedVersion: Int, $updateId: String) {
      claimTicket(number: $number, expectedVersion: $expectedVersion, updateId: $updateId) {
        ...TicketDetails
      }
    }
  `,
  [TicketDetails],
);

const SetPriority = graphql(
  `
    mutation SetTicketPriority($number: String!, $priority: Priority!, $expectedVersion: Int, $updateId: String) {
      setTicketPriority(number: $number, priority: $priority, expectedVersion: $expectedVersion, updateId: $updateId) {
        ...TicketDetails
      }
    }
  `,
  [TicketDetails],
);

const priorities = ['low', 'normal', 'high', 'urgent'] as const;
type Priority = (typeof priorities)[number];

export function TicketProperties({ ticket, user }: { ticket: TicketDetailsData; user: SessionUser }) {
  const [groups] = useQuery({ query: MentionableStaff });
  const [assignResult, assign] = useMutation(Assign);
  const [claimResult, claim] = useMutation(Claim);
  const [priorityResult, setPriority] = useMutation(SetPriority);
  const [lastError, setLastError] = useState<string>();
  const manages = user.role === 'COORDINATOR' || user.role === 'ADMIN';
  const open = ticket.category !== 'done';
  const busy = assignResult.fetching || claimResult.fetching || priorityResult.fetching;
  const group = groups.data?.groups.find((g) => g.key === ticket.group);
  const members = group?.members.filter((m) => m.status === 'active' || m.status === 'away') ?? [];
  const inGroup = members.some((m) => m.id === user.id);
  const base = { number: ticket.number, expectedVersion: ticket.version, updateId: newId() };

  const done = (answer: { error?: Parameters<typeof errorMessage>[0] }) =>
    setLastError(answer.error ? errorMessage(answer.error) : undefined);

  return (
    <section className="card part-properties" aria-labelledby="properties-heading">
      <h2 id="properties-heading">Ticket</h2>
      {lastError && <ErrorNotice error={lastError} />}
      <dl className="properties">
        <div>
          <dt>Group</dt>
          <dd>{group?.name ?? humanize(ticket.group)}</dd>
        </div>
        <div>
          <dt>{manages && open ? <label htmlFor="assignee-select">Assignee</label> : 'Assignee'}</dt>
          <dd>
            {manages && open ? (
              <select
                id="assignee-select"
                value={ticket.assignee?.id ?? ''}
                disabled={busy || !groups.data}
                onChange={(e) => void assign({ ...base, userId: e.target.value || null }).then(done)}
              >
                <option value="">Nobody (in the queue)</option>
                {ticket.assignee && !members.some((m) => m.id === ticket.assignee!.id) && (
                  <option value={ticket.assignee.id}>{ticket.assignee.name}</option>
                )}
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                    {m.id === user.id ? ' (you)' : ''}
                    {m.status === 'away' ? ' — away' : ''}
                  </option>
                ))}
              </select>
            ) : (
              <span>{ticket.assignee?.name ?? 'Nobody yet'}</span>
            )}
            {open && ticket.assignee?.id !== user.id && (inGroup || user.role === 'ADMIN') && (
              <button
                type="button"
                id="take-it"
                className="button-secondary button-small"
                disabled={busy}
                onClick={() => void claim(base).then(done)}
              >
                Take it
              </button>
            )}
          </dd>
        </div>
        <div>
          <dt>{manages && open ? <label htmlFor="priority-select">Priority</label> : 'Priority'}</dt>
          <dd>
            {manages && open ? (
              <select
                id="priority-select"
                value={ticket.priority}
                disabled={busy}
                onChange={(e) => void setPriority({ ...base, priority: e.target.value as Priority }).then(done)}
              >
                {priorities.map((p) => (
                  <option key={p} value={p}>
                    {humanize(p)}
                  </option>
                ))}
              </select>
            ) : (
              <span>{humanize(ticket.priority)}</span>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
