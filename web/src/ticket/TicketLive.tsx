// Live updates of a ticket: ticketEvents over server-sent events. Each event carries the ticket as
// it is now, which the normalized cache puts in place of the old one: the page updates by itself.
// A renewed access token, or a stream lost (the API restarting), starts the stream again after the
// last change the page has, so nothing is missed; while updates are interrupted, the page says so.
import { LiveStatusNotice } from '../components/LiveStatusNotice';
import { graphql } from '../graphql';
import { useLiveSubscription } from '../lib/useLiveSubscription';
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

/** `afterSeq`: the last change the page shows (live events move it on, through the cache). */
export function TicketLive({ number, afterSeq }: { number: string; afterSeq: number }) {
  const session = useSession();
  const token = session.status === 'signedIn' ? session.token : 'none';
  const status = useLiveSubscription(TicketEvents, {
    variables: () => ({ number, afterSeq }),
    streamKey: `${number} ${token}`,
    // The cache has put the ticket in place.
    onData: () => {},
  });
  return <LiveStatusNotice status={status} />;
}
