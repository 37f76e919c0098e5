// Live updates of a ticket: ticketEvents over server-sent events. Each event carries the ticket as
// it is now, which the normalized cache puts in place of the old one: the page updates by itself.
// A renewed access token starts the stream again from the last change seen, so nothing is missed.
import { useState } from 'react';
import { useSubscription } from 'urql';
import { graphql } from '../graphql';
import { useSession } from '../session/useSession';
import { TicketDetails } from './details';

const TicketEvents = graphql(
  `
    subscription TicketEvents($number: String!, $afterSeq: Int) {
      ticketEvents(number: $number, afterSeq: $afterSeq) {
        seq
        ticket {
          ...TicketDetails
        }
      }
    }
  `,
  [TicketDetails],
);

export function TicketLive({ number, afterSeq }: { number: string; afterSeq: number }) {
  const session = useSession();
  const token = session.status === 'signedIn' ? session.token : 'none';
  return <Stream key={token} number={number} afterSeq={afterSeq} />;
}

function Stream({ number, afterSeq }: { number: string; afterSeq: number }) {
  // From where the page was when this stream began; later events move the page, not the stream.
  const [since] = useState(afterSeq);
  useSubscription({ query: TicketEvents, variables: { number, afterSeq: since } });
  return null;
}
