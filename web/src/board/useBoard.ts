// The board's data: the first pages of its columns, further pages on demand, and the process's live
// changes (boardEvents over server-sent events), all into one reducer. A renewed access token, or a
// stream lost (the API restarting), starts the stream again from the last change seen.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { useLiveSubscription } from '../lib/useLiveSubscription';
import { useSession } from '../session/useSession';
import { boardReducer, emptyBoard, type BoardState } from './boardState';
import { BoardEvents, BoardQuery, ColumnPageQuery, type Card, type Column } from './queries';

const PAGE = 50;

export function useBoard(processKey: string) {
  const client = useClient();
  const session = useSession();
  const token = session.status === 'signedIn' ? session.token : '';
  const [board, dispatch] = useReducer(boardReducer<Card>, emptyBoard as BoardState<Card>);
  const [columns, setColumns] = useState<Column[]>();
  const [error, setError] = useState<CombinedError>();
  const [loadingMore, setLoadingMore] = useState<Record<string, boolean>>({});
  const [attempt, setAttempt] = useState(0);
  const since = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!processKey) return;
    let live = true;
    void client
      .query(BoardQuery, { processKey, first: PAGE }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (!live) return;
        if (result.error || !result.data) return setError(result.error);
        dispatch({ type: 'load', columns: result.data.board.columns });
        setColumns(result.data.board.columns);
      });
    return () => {
      live = false;
    };
  }, [client, processKey, attempt]);

  const live = useLiveSubscription(BoardEvents, {
    variables: () => ({ processKey, ...(since.current && { since: since.current }) }),
    streamKey: processKey && token ? `${processKey} ${token}` : null,
    onData: (data) => {
      since.current = data.boardEvents.observedAt;
      dispatch({ type: 'upsert', card: data.boardEvents.ticket });
    },
    // With a last change seen, the stream replays every ticket changed since, however long ago;
    // without one it cannot: the board is read again.
    onResumed: () => {
      if (!since.current) setAttempt((a) => a + 1);
    },
  });

  const loadMore = useCallback(
    (state: string) => {
      const page = board.pages[state];
      if (!page?.hasNext || loadingMore[state]) return;
      setLoadingMore((l) => ({ ...l, [state]: true }));
      void client
        .query(
          ColumnPageQuery,
          { process: processKey, state, first: PAGE, ...(page.cursor && { after: page.cursor }) },
          { requestPolicy: 'network-only' },
        )
        .toPromise()
        .then((result) => {
          setLoadingMore((l) => ({ ...l, [state]: false }));
          const tickets = result.data?.tickets;
          if (tickets)
            dispatch({
              type: 'page',
              state,
              cards: tickets.nodes,
              page: { cursor: tickets.pageInfo.endCursor ?? null, hasNext: tickets.pageInfo.hasNextPage },
            });
        });
    },
    [client, processKey, board.pages, loadingMore],
  );

  return {
    board,
    dispatch,
    columns,
    error,
    loadMore,
    loadingMore,
    liveStatus: live,
    retry: () => {
      setError(undefined);
      setAttempt((a) => a + 1);
    },
  };
}
