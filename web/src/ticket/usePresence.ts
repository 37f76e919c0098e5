// Who else is on a ticket's page, for the page to show (PresenceBar): the hook says the person is here
// with a heartbeat (reportTicketPresence) every 10 s, and at once when `typing` changes, and keeps the
// live list of the others (ticketPresence, through useLiveSubscription, which starts it again after a
// lost stream or a renewed token). Closing the page ends the stream, which takes the person off every
// other list at once; a page that dies silently drops off 30 s after its last heartbeat. The server
// shows who is typing to staff who work the ticket only.
import { useEffect, useEffectEvent, useState } from 'react';
import { useMutation } from 'urql';
import { graphql, type ResultOf } from '../graphql';
import { useLiveSubscription, type LiveStatus } from '../lib/useLiveSubscription';
import { useSession } from '../session/useSession';

/** Well within the 30 s a heartbeat keeps someone on a ticket. */
export const HEARTBEAT_MS = 10_000;

const ReportPresence = graphql(`
  mutation ReportTicketPresence($number: String!, $typing: Boolean!) {
    reportTicketPresence(number: $number, typing: $typing)
  }
`);

const TicketPresence = graphql(`
  subscription TicketPresence($number: String!) {
    ticketPresence(number: $number) {
      typing
      user {
        id
        name
      }
    }
  }
`);

export type TicketViewer = ResultOf<typeof TicketPresence>['ticketPresence'][number];

export interface Presence {
  /** The other people on the ticket, in the order they came. */
  viewers: TicketViewer[];
  status: LiveStatus;
}

/** `typing`: whether the person is writing a reply or a note right now. */
export function usePresence(number: string, typing: boolean): Presence {
  const session = useSession();
  const token = session.status === 'signedIn' ? session.token : null;
  // The list with the ticket it is of: another ticket's list is not this one's.
  const [list, setList] = useState<{ number: string; viewers: TicketViewer[] } | null>(null);
  const [, report] = useMutation(ReportPresence);
  const beat = useEffectEvent(() => {
    // A heartbeat lost now and then costs nothing: the next one comes in 10 s.
    void report({ number, typing });
  });

  useEffect(() => {
    if (token === null) return;
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [number, typing, token]);

  const status = useLiveSubscription(TicketPresence, {
    variables: () => ({ number }),
    streamKey: token === null ? null : `${number} ${token}`,
    onData: (data) => setList({ number, viewers: data.ticketPresence }),
  });
  return { viewers: list?.number === number ? list.viewers : [], status };
}
