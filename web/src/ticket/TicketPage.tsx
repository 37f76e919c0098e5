// A ticket: its title, state and priority, its fields and description, the transitions one may take,
// the conversation with its composer, its files, and the timeline of what happened. Staff also get
// what working it takes: internal notes, assignee and priority, field editing and the requester's
// other open tickets, macros (MacroPicker, `m`) and `a` to the assignee control. Changes made elsewhere
// arrive live (ticketEvents) and update the page through the cache.
import { useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { PriorityBadge } from '../components/PriorityBadge';
import { SlaBadge } from '../components/SlaBadge';
import { StateBadge } from '../components/StateBadge';
import { useShortcuts } from '../keyboard/shortcuts';
import { takeFlash } from '../lib/flash';
import { formatDateTime, formatRelative } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';
import { Link } from '../router';
import { routes } from '../routes';
import type { SessionUser } from '../session/session';
import { Attachments } from './Attachments';
import { Comments } from './Comments';
import { FieldEditor } from './FieldEditor';
import { FieldValues } from './FieldValues';
import { MacroPicker } from './MacroPicker';
import { MentionableStaff } from './mentions';
import { PresenceBar } from './PresenceBar';
import { usePresence } from './usePresence';
import { TicketQuery } from './operations';
import { RequesterTickets } from './RequesterTickets';
import { TicketProperties } from './TicketProperties';
import { TicketLive } from './TicketLive';
import { Timeline } from './Timeline';
import { Transitions } from './Transitions';

export function TicketPage({ number, user }: { number: string; user: SessionUser }) {
  const [result, reexecute] = useQuery({ query: TicketQuery, variables: { number } });
  const [flash] = useState(takeFlash);
  const [typing, setTyping] = useState(false);
  const onTyping = useCallback((now: boolean) => setTyping(now), []);
  const presence = usePresence(number, typing);
  const staffRole = user.role !== 'EMPLOYEE';
  const [groups] = useQuery({ query: MentionableStaff, pause: !staffRole });
  const ticket = result.data?.ticket;
  usePageTitle(ticket ? `${ticket.number} ${ticket.title}` : number);
  // `a`: the assignee control, or "Take it" for an agent (TicketProperties).
  useShortcuts(
    [
      {
        key: 'a',
        label: 'Assign the ticket',
        group: 'Ticket',
        run: () => (document.getElementById('assignee-select') ?? document.getElementById('take-it'))?.focus(),
      },
    ],
    staffRole,
  );

  if (!result.data) {
    return (
      <section className="page">
        <h1>Ticket {number}</h1>
        {result.error ? (
          <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />
        ) : (
          <Loading what="Loading the ticket…" />
        )}
      </section>
    );
  }
  if (!ticket) {
    return (
      <section className="page">
        <h1>Ticket {number}</h1>
        <p className="empty">
          There is no ticket {number} that you may see. <Link href={routes.myTickets.href()}>Back to your tickets</Link>
        </p>
      </section>
    );
  }

  const form = result.data.ticketForms.find((f) => f.process === ticket.process.key);
  const isRequester = ticket.requester.user?.id === user.id;
  // Staff work the tickets of their groups (admins every one); on another group's ticket — one they
  // asked for themselves — they are its requester, as the server counts them.
  const staff =
    user.role === 'ADMIN' ||
    (staffRole && !!groups.data?.groups.some((g) => g.key === ticket.group && g.members.some((m) => m.id === user.id)));
  // The fields of the ticket's own process version that the reader may see, with their labels.
  const fields = ticket.fieldDefinitions;
  const lastSeq = Math.max(0, ...ticket.timeline.map((e) => e.seq ?? 0));

  return (
    <article className="page ticket-page">
      <TicketLive number={ticket.number} afterSeq={lastSeq} />
      <p className="breadcrumb">
        {staff ? (
          <Link href={routes.board.href({ process: ticket.process.key })}>{form?.name ?? 'Board'}</Link>
        ) : (
          <Link href={routes.myTickets.href()}>My tickets</Link>
        )}{' '}
        / <span>{ticket.number}</span>
      </p>
      <header className="ticket-header">
        <h1>{ticket.title}</h1>
        <div className="ticket-item-meta">
          <StateBadge state={ticket.state} category={ticket.category} />
          <PriorityBadge priority={ticket.priority} />
          <SlaBadge slas={ticket.slas} />
        </div>
        <p className="muted">
          {ticket.number} · {form?.name ?? ticket.process.key} · asked by {ticket.requester.name} ·{' '}
          {ticket.assignee ? `worked by ${ticket.assignee.name}` : 'not assigned yet'} · updated{' '}
          <time dateTime={ticket.updatedAt} title={formatDateTime(ticket.updatedAt)}>
            {formatRelative(ticket.updatedAt)}
          </time>
          {ticket.workflowUrl && (
            <>
              {' · '}
              <a href={ticket.workflowUrl} target="_blank" rel="noreferrer">
                Workflow in Temporal
              </a>
            </>
          )}
        </p>
      </header>
      <PresenceBar viewers={presence.viewers} />
      <Transitions ticket={ticket} user={user} isRequester={isRequester} fields={fields} />
      {staff && ticket.category !== 'done' && <MacroPicker ticket={ticket} />}
      {flash && (
        <p className="notice notice-error" role="alert">
          {flash}
        </p>
      )}
      {result.error && <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      <div className="ticket-layout">
        <aside className="ticket-side" aria-label="About this ticket">
          {staff && <TicketProperties ticket={ticket} user={user} />}
          {staff && <RequesterTickets ticket={ticket} />}
          <Attachments ticket={ticket} />
        </aside>
        <div className="ticket-main">
          <section className="card part-description" aria-labelledby="description-heading">
            <h2 id="description-heading">Description</h2>
            {ticket.description ? (
              <p className="prose">{ticket.description}</p>
            ) : (
              <p className="muted">No description was given.</p>
            )}
            {!staff && <FieldValues values={ticket.fieldValues} fields={fields} />}
          </section>
          <Comments ticket={ticket} staff={staff} onTyping={onTyping} />
          {staff && <FieldEditor ticket={ticket} fields={fields} />}
          <Timeline ticket={ticket} user={user} />
        </div>
      </div>
    </article>
  );
}
