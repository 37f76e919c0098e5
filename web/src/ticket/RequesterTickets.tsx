// The requester's other open tickets, beside the one staff work on: the same person often asks twice,
// or the answer to one is in another. A short list, newest first, with a count of the rest.
import { useQuery } from 'urql';
import { StateBadge } from '../components/StateBadge';
import { graphql } from '../graphql';
import { Link } from '../router';
import { routes } from '../routes';
import type { TicketDetailsData } from './details';

const OtherTickets = graphql(`
  query RequesterOpenTickets($requester: ID!) {
    tickets(filter: { requester: $requester, open: true }, first: 6) {
      totalCount
      nodes {
        number
        title
        state
        category
      }
    }
  }
`);

export function RequesterTickets({ ticket }: { ticket: TicketDetailsData }) {
  const requester = ticket.requester.user?.id;
  const [result] = useQuery({ query: OtherTickets, variables: { requester: requester ?? '' }, pause: !requester });
  const others = result.data?.tickets.nodes.filter((t) => t.number !== ticket.number).slice(0, 5) ?? [];
  const thisOne = ticket.category === 'done' ? 0 : 1;
  const more = (result.data?.tickets.totalCount ?? 0) - others.length - thisOne;
  return (
    <section className="card part-requester" aria-labelledby="requester-heading">
      <h2 id="requester-heading">{ticket.requester.name}</h2>
      <p className="muted">
        <a href={`mailto:${ticket.requester.email}`}>{ticket.requester.email}</a>
      </p>
      {!requester ? (
        <p className="muted">Asked through another system: no account here.</p>
      ) : others.length === 0 ? (
        <p className="muted">{result.fetching ? 'Looking for other tickets…' : 'No other open tickets.'}</p>
      ) : (
        <>
          <h3 className="side-heading">Other open tickets</h3>
          <ul className="side-list">
            {others.map((t) => (
              <li key={t.number}>
                <Link href={routes.ticket.href({ number: t.number })}>{t.title}</Link>{' '}
                <span className="ticket-number">{t.number}</span> <StateBadge state={t.state} category={t.category} />
              </li>
            ))}
          </ul>
          {more > 0 && <p className="muted">and {more} more</p>}
        </>
      )}
    </section>
  );
}
