// What a notification tells in one line, for the notification centre: who did what on which ticket,
// with a public comment's opening words ("Sam Agent replied on IT-000012 Printer jams: “Try turning
// it…”"). The act is read back from the read model: the timeline's last event of the kind up to the
// one the action follows, its person (else the action's actor), and for a comment the comment with its
// author and body (mail to the requester carries that comment whole).
import type { Db } from '../../platform/store/db.js';
import type { NotificationEvent } from '../../workflows/process/vocabulary.js';

/** A public comment the notification is about. */
export interface CommentAct {
  author: string;
  body: string;
}

export interface Act {
  /** Who did it: a person's name; undefined for the desk itself (timers, automation). */
  actor?: string;
  comment?: CommentAct;
}

/** How many characters of a comment the line quotes, at most. */
const EXCERPT_CHARS = 60;

/** The timeline events whose actor did what a notification event tells of. */
const ACTS: Record<NotificationEvent, string[]> = {
  created: ['created'],
  assigned: ['assigned'],
  commented: ['commented'],
  mentioned: ['commented'],
  moved: ['moved'],
  resolved: ['moved', 'entered'],
  sla_at_risk: [],
  sla_breached: [],
};

/** Reads who did what: the person whose timeline event the notification follows, and for `commented`
 * the comment itself. */
export async function readAct(
  db: Db,
  request: { ticketId: string; eventSeq: number; event: NotificationEvent; exclude?: string },
): Promise<Act> {
  const types = ACTS[request.event] ?? [];
  let query = db
    .selectFrom('ticket_events')
    .select(['actor', 'data'])
    .where('ticket_id', '=', request.ticketId)
    .where('type', 'in', types.length ? types : ['-'])
    .where('seq', '<=', request.eventSeq)
    .orderBy('seq', 'desc')
    .limit(1);
  // A reply notice quotes the public comment; a mention (only staff who may read notes get one) the note.
  const visibility = request.event === 'mentioned' ? 'internal' : 'public';
  const quotesComment = request.event === 'commented' || request.event === 'mentioned';
  if (quotesComment) query = query.where(({ ref, eb }) => eb(ref('data', '->>').key('visibility'), '=', visibility));
  const event = types.length ? await query.executeTakeFirst() : undefined;
  const byPerson =
    event?.actor.kind === 'person' && typeof event.actor.userId === 'string' ? event.actor.userId : undefined;
  const actorId = byPerson ?? request.exclude;
  const actorName = actorId
    ? (await db.selectFrom('users').select('name').where('id', '=', actorId).executeTakeFirst())?.name
    : undefined;
  const commentId = quotesComment && typeof event?.data.commentId === 'string' ? event.data.commentId : undefined;
  const comment = commentId
    ? await db
        .selectFrom('comments as c')
        .leftJoin('users as u', 'u.id', 'c.author_id')
        .select(['c.body', 'u.name'])
        .where('c.id', '=', commentId)
        .where('c.visibility', '=', visibility)
        .executeTakeFirst()
    : undefined;
  const actor = comment?.name ?? actorName;
  return {
    ...(actor && { actor }),
    ...(comment && { comment: { author: comment.name ?? actor ?? 'Someone', body: comment.body } }),
  };
}

/** The first words of a text, on one line, cut at a word with "…" when longer than `max`. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).replace(/[\s.,;:!?]+$/, '')}…`;
}

export interface LineContext {
  number: string;
  title: string;
  event: NotificationEvent;
  stateLabel: string;
  act: Act;
  /** A field the action includes (the agent's question): quoted like a comment. */
  field?: string;
}

/** The notification centre's line for one recipient. */
export function summaryLine(c: LineContext): string {
  const quoted = c.act.comment?.body ?? c.field;
  const line = act(c);
  return quoted?.trim() ? `${line}: “${excerpt(quoted)}”` : line;
}

function act(c: LineContext): string {
  const ticket = `${c.number} ${c.title}`;
  const who = c.act.actor;
  switch (c.event) {
    case 'commented':
      return `${who ?? 'Someone'} replied on ${ticket}`;
    case 'mentioned':
      return `${who ?? 'Someone'} mentioned you on ${ticket}`;
    case 'created':
      return who ? `${who} opened ${ticket}` : `${ticket} was opened`;
    case 'assigned':
      return who ? `${who} assigned ${ticket}` : `${ticket} was assigned`;
    case 'moved':
      return who ? `${who} moved ${ticket} to ${c.stateLabel}` : `${ticket} moved to ${c.stateLabel}`;
    case 'resolved':
      return who ? `${who} resolved ${ticket} (${c.stateLabel})` : `${ticket} is resolved (${c.stateLabel})`;
    case 'sla_at_risk':
      return `${ticket} is close to breaching its service level`;
    case 'sla_breached':
      return `${ticket} breached its service level`;
    default:
      return who ? `${who} changed ${ticket}` : `${ticket} changed`;
  }
}
