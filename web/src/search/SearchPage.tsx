// The search results page (/search?q=): every ticket a search finds, best first, with its snippet — the
// palette's "See all results". A form on top searches again; a number the person may see is offered
// as a link first. Later pages come below the first (Load more), each its own query.
import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { Pager } from '../components/Pager';
import { usePageTitle } from '../lib/usePageTitle';
import { Link, navigate, useLocation } from '../router';
import { routes } from '../routes';
import { MAX_QUERY_CHARS, SearchTickets } from './operations';
import { Snippet } from './Snippet';
import './search.css';

const PAGE_SIZE = 20;

export function SearchPage() {
  const { search } = useLocation();
  const query = (search.get('q') ?? '').trim();
  usePageTitle(query ? `Search: ${query}` : 'Search');
  const [typed, setTyped] = useState(query);
  return (
    <section className="page">
      <div className="page-header">
        <h1>Search</h1>
      </div>
      <form
        className="search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(routes.search.href({ q: typed.trim() }));
        }}
      >
        <label htmlFor="search-page-input" className="visually-hidden">
          Search tickets
        </label>
        <input
          id="search-page-input"
          type="search"
          value={typed}
          maxLength={MAX_QUERY_CHARS}
          placeholder="A ticket number or words"
          onChange={(event) => setTyped(event.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      {query === '' ? (
        <p className="muted">Type words or a ticket number, then Search.</p>
      ) : (
        <Results key={query} query={query} />
      )}
    </section>
  );
}

/** The pages read so far, by the cursor each starts after (null: the first). */
function Results({ query }: { query: string }) {
  const [afters, setAfters] = useState<(string | null)[]>([null]);
  return (
    <>
      {afters.map((after, i) => (
        <ResultsPage
          key={after ?? 'first'}
          query={query}
          after={after}
          first={i === 0}
          onMore={i === afters.length - 1 ? (cursor) => setAfters([...afters, cursor]) : undefined}
        />
      ))}
    </>
  );
}

function ResultsPage(props: {
  query: string;
  after: string | null;
  first: boolean;
  onMore?: (cursor: string) => void;
}) {
  const [result, reexecute] = useQuery({
    query: SearchTickets,
    variables: { query: props.query, first: PAGE_SIZE, after: props.after },
  });
  const found = result.data?.search;
  if (result.error)
    return <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!found) return <Loading what="Searching…" />;
  return (
    <>
      {props.first && found.jumpTo && (
        <p className="search-jump">
          Ticket{' '}
          <Link href={routes.ticket.href({ number: found.jumpTo.number })}>
            {found.jumpTo.number}: {found.jumpTo.title}
          </Link>
        </p>
      )}
      {props.first && (
        <p className="muted" aria-live="polite">
          {found.totalCount === 0
            ? 'No ticket you may see matches.'
            : `${found.totalCount} ${found.totalCount === 1 ? 'ticket matches' : 'tickets match'}, best first`}
        </p>
      )}
      <ul className="search-results" aria-label={props.first ? 'Results' : 'More results'}>
        {found.hits.map((hit) => (
          <li key={hit.ticket.number}>
            <Link href={routes.ticket.href({ number: hit.ticket.number })}>{hit.ticket.title}</Link>{' '}
            <span className="ticket-number">{hit.ticket.number}</span>
            <Snippet parts={hit.snippet} />
          </li>
        ))}
      </ul>
      {props.onMore && (
        <Pager
          what="results"
          hasNext={found.pageInfo.hasNextPage}
          loading={result.fetching}
          onMore={() => found.pageInfo.endCursor && props.onMore?.(found.pageInfo.endCursor)}
        />
      )}
    </>
  );
}
