// What happened to the ticket, oldest first, with who did it and when. Events come as JSON (type,
// actor, data); known types read as sentences, others by their name.
import { formatDateTime } from '../lib/format';
import { humanize } from '../lib/format';
import type { SessionUser } from '../session/session';
import type { TicketDetailsData } from './details';

type Event = TicketDetailsData['timeline'][number];
type Record_ = Record<string, unknown>;

const asRecord = (value: unknown): Record_ => (typeof value === 'object' && value !== null ? (value as Record_) : {});
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The names of the people the page knows, by user id. */
function knownPeople(ticket: TicketDetailsData, user: SessionUser): Map<string, string> {
  const people = new Map<string, string>();
  const add = (person: { id: string; name: string } | null | undefined) => person && people.set(person.id, person.name);
  add(ticket.requester.user);
  add(ticket.assignee);
  ticket.comments.forEach((c) => add(c.author));
  ticket.attachments.forEach((a) => add(a.uploadedBy));
  people.set(user.id, 'You');
  return people;
}

function actorName(actor: unknown, people: Map<string, string>): string {
  const a = asRecord(actor);
  if (a.kind === 'person') {
    const name = people.get(str(a.userId) ?? '');
    if (name) return name;
    return str(a.role) ? `${humanize(str(a.role)!.toLowerCase())}` : 'Someone';
  }
  const cause = str(a.cause) ?? '';
  if (cause.startsWith('sla')) return 'SLA clock';
  if (cause === 'timer') return 'Timer';
  if (a.kind === 'system' && str(a.name)) return humanize(str(a.name)!);
  return 'Ticketflow';
}

function describe(event: Event, people: Map<string, string>): string {
  const data = asRecord(event.data);
  const state = (key: unknown) => (str(key) ? humanize(str(key)!) : '?');
  switch (event.type) {
    case 'created':
      return 'submitted the ticket';
    case 'moved':
      if (data.reply) return `replied, which moved it from ${state(data.from)} to ${state(data.to)}`;
      return `moved it from ${state(data.from)} to ${state(data.to)}`;
    case 'entered':
      return `put the ticket in ${state(data.state)}`;
    case 'assigned':
      return data.assignee
        ? `assigned it to ${people.get(str(data.assignee) ?? '') ?? 'someone'}`
        : 'gave it back to the queue';
    case 'commented':
      return data.visibility === 'internal' ? 'added an internal note' : 'replied';
    case 'attached':
      return 'attached a file';
    case 'priority_changed':
      return `changed the priority from ${state(data.from)} to ${state(data.to)}`;
    case 'fields_set':
      return `set ${Object.keys(asRecord(data.fields)).map(humanize).join(', ') || 'fields'}`;
    case 'sla_at_risk':
      return `SLA ${state(data.sla)} is at risk`;
    case 'sla_breached':
      return `SLA ${state(data.sla)} was breached`;
    case 'notified':
      return describeNotified(data);
    case 'integration_succeeded':
      return `called ${humanize(str(data.system) ?? '?')} (${humanize(str(data.operation) ?? '?').toLowerCase()}): ${str(data.key) ?? 'done'}`;
    case 'integration_failed':
      return `could not call ${humanize(str(data.system) ?? '?')} (${humanize(str(data.reason) ?? 'failed').toLowerCase()})${str(data.message) ? `: ${str(data.message)!}` : ''}`;
    case 'comment_mirrored':
      return `copied a reply to ${humanize(str(data.system) ?? '?')}: ${str(data.key) ?? ''}`;
    case 'comment_mirror_failed':
      return `could not copy a reply to ${humanize(str(data.system) ?? '?')} (${humanize(str(data.reason) ?? 'failed').toLowerCase()})${str(data.message) ? `: ${str(data.message)!}` : ''}`;
    case 'refused': {
      const why = str(data.reason) ? ` (${humanize(str(data.reason)!).toLowerCase()})` : '';
      if (data.action === 'signal.refused' && str(data.name)) return `sent ${str(data.name)!}, which was refused${why}`;
      return `tried a change that was refused${why}`;
    }
    default:
      return humanize(event.type).toLowerCase();
  }
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "sent 2 emails and 1 notification (ticket received); 1 email refused". */
function describeNotified(data: Record_): string {
  const sent = asRecord(data.sent);
  const count = (value: unknown) => (typeof value === 'number' ? value : 0);
  const parts = [
    count(sent.email) && plural(count(sent.email), 'email'),
    count(sent.in_app) && plural(count(sent.in_app), 'notification'),
    count(sent.push) && plural(count(sent.push), 'push message'),
  ].filter(Boolean);
  const failures = (Array.isArray(data.failed) ? data.failed : []).map((f) => asRecord(f).channel);
  const failedMail = failures.filter((channel) => channel !== 'push').length;
  const failedPush = failures.length - failedMail;
  const what = str(data.template) ? ` (${humanize(str(data.template)!).toLowerCase()})` : '';
  const sentText = parts.length ? `sent ${parts.join(' and ')}${what}` : `sent no message${what}`;
  const undelivered = [
    failedMail && plural(failedMail, 'email'),
    failedPush && plural(failedPush, 'push message'),
  ].filter(Boolean);
  return undelivered.length ? `${sentText}; ${undelivered.join(' and ')} could not be delivered` : sentText;
}

/** Bookkeeping the requester needs no line for. */
const QUIET = new Set([
  'sla_started',
  'sla_stopped',
  'sla_paused',
  'sla_resumed',
  'sla_scheduled',
  'sla_measured',
  'action_skipped',
]);

export function Timeline({ ticket, user }: { ticket: TicketDetailsData; user: SessionUser }) {
  const people = knownPeople(ticket, user);
  const events = ticket.timeline.filter((e) => !QUIET.has(e.type));
  return (
    <section className="card part-timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="timeline">
          {events.map((event, i) => (
            <li
              key={event.seq ?? `refused-${i}`}
              className={asRecord(event.data).visibility === 'internal' ? 'timeline-note' : undefined}
            >
              <span>
                <strong>{actorName(event.actor, people)}</strong> {describe(event, people)}
              </span>
              <time className="muted" dateTime={event.at}>
                {formatDateTime(event.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
