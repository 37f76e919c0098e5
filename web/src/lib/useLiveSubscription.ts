// A live stream that stays live: it starts again with a renewed access token, and after the stream
// drops (the server restarts, the network comes back) it opens again with backoff, calling `onResume`
// first so that the page can read what it may have missed.
import { useEffect, useRef } from 'react';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';
import { useSession } from '../session/useSession';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export function useLiveSubscription<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  handlers: { onData: (data: Data) => void; onResume?: () => void },
): void {
  const client = useClient();
  const session = useSession();
  const token = session.status === 'signedIn' ? session.token : '';
  // The latest handlers, without opening the stream again when they change.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const key = JSON.stringify(variables);

  useEffect(() => {
    if (!token) return;
    let stopped = false;
    let retryMs = FIRST_RETRY_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: { unsubscribe(): void } | undefined;
    const open = (resumed: boolean) => {
      if (resumed) latest.current.onResume?.();
      let ended = false;
      const again = () => {
        if (ended || stopped) return;
        ended = true;
        timer = setTimeout(() => open(true), retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      };
      current = client
        .subscription(query, JSON.parse(key) as Variables, { requestPolicy: 'network-only' })
        .subscribe((result) => {
          if (result.error) return again();
          // The stream's last result (hasNext false) repeats the one before: it only says the stream ended.
          if (result.hasNext === false) return again();
          if (result.data) {
            retryMs = FIRST_RETRY_MS;
            latest.current.onData(result.data);
          }
        });
    };
    open(false);
    return () => {
      stopped = true;
      clearTimeout(timer);
      current?.unsubscribe();
    };
  }, [client, query, key, token]);
}
