// One ticket in a list: its title as the link to it, its number, state, priority, SLA and when it
// last changed (the fields of TicketListItemFields, in fragments.ts).
import type { TicketListItemData } from '../fragments';
import { formatDateTime, formatRelative } from '../lib/format';
import { Link } from '../router';
import { routes } from '../routes';
import { PriorityBadge } from './PriorityBadge';
import { SlaBadge } from './SlaBadge';
import { StateBadge } from './StateBadge';

export function TicketListItem({ ticket }: { ticket: TicketListItemData }) {
  return (
    <li className="ticket-item">
      <div className="ticket-item-main">
        <Link href={routes.ticket.href({ number: ticket.number })} className="ticket-item-title">
          {ticket.title}
        </Link>
        <span className="ticket-number">{ticket.number}</span>
      </div>
      <div className="ticket-item-meta">
        <StateBadge state={ticket.state} category={ticket.category} />
        <PriorityBadge priority={ticket.priority} />
        <SlaBadge slas={ticket.slas} />
        <span className="muted">
          Updated{' '}
          <time dateTime={ticket.updatedAt} title={formatDateTime(ticket.updatedAt)}>
            {formatRelative(ticket.updatedAt)}
          </time>
        </span>
      </div>
    </li>
  );
}
