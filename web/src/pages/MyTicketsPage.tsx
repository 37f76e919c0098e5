// "My tickets": the tickets one asked for, newest first, each with its state, priority, SLA and when
// it last changed; a page at first, the next ones below it with the Pager (the cache merges them).
import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { Pager } from '../components/Pager';
import { TicketListItem } from '../components/TicketListItem';
import { TicketListItemFields } from '../fragments';
import { graphql } from '../graphql';
import { usePageTitle } from '../lib/usePageTitle';
import { Link } from '../router';
import { routes } from '../routes';
import type { SessionUser } from '../session/session';

const PAGE_SIZE = 20;

const MyTickets = graphql(
  `
    query MyTickets($requester: ID!, $first: Int!, $after: String) {
      tickets(filter: { requester: $requester }, first: $first, after: $after) {
        totalCount
        nodes {
          ...TicketListItemFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [TicketListItemFields],
);

export function MyTicketsPage({ user }: { user: SessionUser }) {
  usePageTitle('My tickets');
  // Where the last page read starts: the cache answers with every page up to it.
  const [after, setAfter] = useState<string | null>(null);
  const [result, reexecute] = useQuery({
    query: MyTickets,
    variables: { requester: user.id, first: PAGE_SIZE, after },
  });
  const page = result.data?.tickets;

  return (
    <section className="page">
      <div className="page-header">
        <h1>My tickets</h1>
        <Link href={routes.newTicket.href()} className="button button-primary">
          New ticket
        </Link>
      </div>
      {result.error && <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!page && !result.error && <Loading what="Loading your tickets…" />}
      {page && page.totalCount === 0 && (
        <div className="empty">
          <p>You have not submitted any tickets yet.</p>
          <p>
            <Link href={routes.newTicket.href()}>Submit your first ticket</Link> when you need help.
          </p>
        </div>
      )}
      {page && page.nodes.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {page.totalCount === 1 ? '1 ticket' : `Tickets 1–${page.nodes.length} of ${page.totalCount}, newest first`}
          </p>
          <ul className="ticket-list">
            {page.nodes.map((ticket) => (
              <TicketListItem key={ticket.number} ticket={ticket} />
            ))}
          </ul>
          <Pager
            what="tickets"
            hasNext={page.pageInfo.hasNextPage}
            loading={result.fetching}
            onMore={() => setAfter(page.pageInfo.endCursor ?? null)}
          />
        </>
      )}
    </section>
  );
}
