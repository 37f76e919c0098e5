// Keeps a live subscription (server-sent events) going through API restarts and lost networks: when
// the stream ends or fails, it starts again after a wait that grows while the API stays away (0.5 s
// up to 5 s, with jitter), from where the caller last was (`variables` is read at every start). Back
// online, or back on a tab that was hidden long enough to hold a dead connection, it starts at once.
// It says whether updates are live, so that a page can say when they are not.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';

/** 'connecting' until the first stream opens; 'reconnecting' from its end until one opens again. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

const FIRST_WAIT_MS = 500;
const LONGEST_WAIT_MS = 5_000;
/** A tab hidden this long may hold a connection that died meanwhile (a laptop asleep). */
const HIDDEN_LONG_MS = 60_000;

export interface LiveSubscriptionOptions<Data, Variables> {
  /** Where a start begins: called at every start, so it can say the last point seen. */
  variables: () => Variables;
  /** Another key starts the stream afresh (another ticket, a renewed access token); null: no stream. */
  streamKey: string | null;
  onData: (data: Data) => void;
  /** A stream opened again after an interruption (what it cannot replay may be read again). */
  onResumed?: () => void;
}

export function useLiveSubscription<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  { variables, streamKey, onData, onResumed }: LiveSubscriptionOptions<Data, Variables>,
): LiveStatus {
  const client = useClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  // Across stream keys too: a stream renewed while the API was away still resumes.
  const interrupted = useRef(false);
  const startVariables = useEffectEvent(() => variables());
  const received = useEffectEvent((data: Data) => onData(data));
  const resumed = useEffectEvent(() => onResumed?.());

  useEffect(() => {
    if (streamKey === null) return;
    let stopped = false;
    let attempt = 0;
    let subscription: { unsubscribe(): void } | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let wait = FIRST_WAIT_MS;
    let openedAt = 0;
    let hiddenAt = 0;

    const start = () => {
      clearTimeout(retry);
      retry = undefined;
      subscription?.unsubscribe();
      const current = ++attempt;
      const isCurrent = () => !stopped && current === attempt;
      const opened = () => {
        openedAt = Date.now();
        setStatus('live');
        if (!interrupted.current) return;
        interrupted.current = false;
        resumed();
      };
      const ended = () => {
        // A stream that stayed open a while was a success: the next wait starts short again.
        if (openedAt && Date.now() - openedAt >= LONGEST_WAIT_MS) wait = FIRST_WAIT_MS;
        openedAt = 0;
        attempt++;
        interrupted.current = true;
        setStatus('reconnecting');
        retry = setTimeout(start, wait / 2 + Math.random() * (wait / 2));
        wait = Math.min(wait * 2, LONGEST_WAIT_MS);
      };
      subscription = client
        .subscription(query, startVariables(), {
          // The response's headers say the stream is open, before any event comes (the client has no
          // fetch of its own that this would replace).
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            if (response.ok && isCurrent()) opened();
            return response;
          },
        })
        .subscribe((result) => {
          if (!isCurrent()) return;
          if (result.data) received(result.data);
          // The last result of a stream (ended, failed, or never opened) says there is no next one.
          if (result.hasNext === false) ended();
        });
    };
    const startNow = () => {
      wait = FIRST_WAIT_MS;
      start();
    };
    const onVisibility = () => {
      if (document.hidden) hiddenAt = Date.now();
      else if (retry !== undefined || (hiddenAt && Date.now() - hiddenAt >= HIDDEN_LONG_MS)) startNow();
    };

    start();
    window.addEventListener('online', startNow);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(retry);
      subscription?.unsubscribe();
      window.removeEventListener('online', startNow);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [client, query, streamKey]);

  return status;
}
