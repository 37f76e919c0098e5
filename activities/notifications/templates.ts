// The messages notify actions send, by template name: a subject and an opening line, around the same
// body — the ticket, its state, an optional field the process includes, and a link to the ticket. Mail
// gets a text and an HTML part. A message about a public comment carries the comment itself, under its
// author's name (new_comment says who replied). A template the process names but this file does not
// know still sends a plain message titled after its name.
export interface MessageContext {
  number: string;
  title: string;
  stateLabel: string;
  /** The ticket's page in the web app. */
  link: string;
  recipientName: string;
  /** Who did what the message tells of, where it names them. */
  actorName?: string;
  /** A field the action includes (e.g. the agent's question). */
  field?: { label: string; value: string };
  /** The public comment the message is about, when it is about one. */
  comment?: { author: string; body: string };
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

type Lines = { subject: string; lead: string };
const known: Record<string, (c: MessageContext) => Lines> = {
  ticket_received: (c) => ({ subject: `We received your request`, lead: `Thank you: ${c.number} is with our team.` }),
  ticket_in_progress: () => ({ subject: `You are working on it`, lead: `The ticket is now in progress with you.` }),
  question_for_requester: () => ({
    subject: `A question about your request`,
    lead: `We need a detail from you to go on.`,
  }),
  ticket_resolved: () => ({
    subject: `Your request is resolved`,
    lead: `We resolved your request. Reply if it is not fixed.`,
  }),
  ticket_withdrawn: () => ({ subject: `Request withdrawn`, lead: `The requester withdrew this ticket.` }),
  new_comment: (c) =>
    c.comment
      ? { subject: `New reply from ${c.comment.author}`, lead: `${c.comment.author} replied:` }
      : { subject: `New comment`, lead: `There is a new comment on the ticket.` },
  ticket_assigned: () => ({ subject: `Assigned to you`, lead: `This ticket is now assigned to you.` }),
  sla_at_risk: () => ({ subject: `SLA at risk`, lead: `This ticket is close to breaching its service level.` }),
  sla_breached: () => ({ subject: `SLA breached`, lead: `This ticket breached its service level.` }),
  case_escalated: () => ({ subject: `Case escalated to you`, lead: `This case was escalated to your group.` }),
  solution_proposed: () => ({
    subject: `A solution to your case`,
    lead: `We propose a solution; please confirm it works.`,
  }),
  review_requested: () => ({ subject: `Review requested`, lead: `This change waits for your review.` }),
  mentioned: (c) => ({
    subject: `${c.actorName ?? 'Someone'} mentioned you`,
    lead: `${c.actorName ?? 'Someone'} mentioned you on ${c.number} in an internal note.`,
  }),
  change_implemented: () => ({
    subject: `Your change is implemented`,
    lead: `The change you requested is implemented.`,
  }),
};

const words = (key: string) => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function render(template: string, c: MessageContext): RenderedMessage {
  const lines = known[template]?.(c) ?? { subject: words(template), lead: `${words(template)}.` };
  const subject = `[${c.number}] ${lines.subject}: ${c.title}`;
  const field = c.field ? [`${c.field.label}:`, c.field.value, ''] : [];
  const comment = c.comment ? [...c.comment.body.split('\n').map((line) => `> ${line}`), ''] : [];
  const text = [
    `Hello ${c.recipientName},`,
    '',
    lines.lead,
    '',
    ...comment,
    `${c.number} — ${c.title}`,
    `State: ${c.stateLabel}`,
    '',
    ...field,
    `Open the ticket: ${c.link}`,
  ].join('\n');
  const e = escapeHtml;
  const html = [
    `<p>Hello ${e(c.recipientName)},</p>`,
    `<p>${e(lines.lead)}</p>`,
    c.comment ? `<blockquote>${e(c.comment.body).replace(/\n/g, '<br>')}</blockquote>` : '',
    `<p><strong>${e(c.number)} — ${e(c.title)}</strong><br>State: ${e(c.stateLabel)}</p>`,
    c.field ? `<p>${e(c.field.label)}:</p><blockquote>${e(c.field.value).replace(/\n/g, '<br>')}</blockquote>` : '',
    `<p><a href="${e(c.link)}">Open the ticket</a></p>`,
  ].join('\n');
  return { subject, text, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
