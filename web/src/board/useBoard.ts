// The board's data: the first pages of its columns under the filters (read again when they change),
// further pages on demand under the same, and the process's live changes (boardEvents over
// server-sent events), all into one reducer; a change that no longer matches the filters takes its
// card off the board. A renewed access token, or a stream lost (the API restarting), starts the
// stream again from the last change seen; a board that could not be read is read again once the
// stream is live.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { useLiveSubscription } from '../lib/useLiveSubscription';
import { useSession } from '../session/useSession';
import { boardReducer, emptyBoard, type BoardState } from './boardState';
import { matcher, serverFilter, type BoardFilters } from './filters';
import { BoardEvents, BoardQuery, ColumnPageQuery, type Card, type Column } from './operations';

const PAGE = 50;
/** Typing in the search box reads the board again once the typing pauses. */
const SETTLE_MS = 300;

/** `onResumed`: the live stream is back after an interruption (what said the server was away may go). */
export function useBoard(processKey: string, filters: BoardFilters, userId: string, onResumed?: () => void) {
  const client = useClient();
  const session = useSession();
  const token = session.status === 'signedIn' ? session.token : '';
  const [board, dispatch] = useReducer(boardReducer<Card>, emptyBoard as BoardState<Card>);
  const [columns, setColumns] = useState<Column[]>();
  const [error, setError] = useState<CombinedError>();
  const [loadingMore, setLoadingMore] = useState<Record<string, boolean>>({});
  const [attempt, setAttempt] = useState(0);
  const since = useRef<string | undefined>(undefined);
  const wanted = JSON.stringify(serverFilter(filters, userId));
  const [filterKey, setFilterKey] = useState(wanted);
  useEffect(() => {
    const timer = setTimeout(() => setFilterKey(wanted), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [wanted]);
  const filter = useMemo(() => JSON.parse(filterKey) as ReturnType<typeof serverFilter>, [filterKey]);
  // Live changes are matched against the filters the board shows.
  const matches = useRef(matcher(filters, userId));
  useEffect(() => {
    matches.current = matcher(filters, userId);
  });

  useEffect(() => {
    if (!processKey) return;
    let live = true;
    void client
      .query(BoardQuery, { processKey, first: PAGE, filter }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (!live) return;
        if (result.error || !result.data) return setError(result.error);
        setError(undefined);
        dispatch({ type: 'load', columns: result.data.board.columns });
        setColumns(result.data.board.columns);
      });
    return () => {
      live = false;
    };
  }, [client, processKey, filter, attempt]);

  const live = useLiveSubscription(BoardEvents, {
    variables: () => ({ processKey, ...(since.current && { since: since.current }) }),
    streamKey: processKey && token ? `${processKey} ${token}` : null,
    onData: (data) => {
      since.current = data.boardEvents.observedAt;
      dispatch({ type: matches.current(data.boardEvents.ticket) ? 'upsert' : 'drop', card: data.boardEvents.ticket });
    },
    // With a last change seen, the stream replays every ticket changed since, however long ago;
    // without one it cannot: the board is read again.
    // A board that could not be read (the server away) is read again, its notice gone.
    onResumed: () => {
      if (!since.current || error) setAttempt((a) => a + 1);
      setError(undefined);
      onResumed?.();
    },
  });

  const loadMore = useCallback(
    (state: string) => {
      const page = board.pages[state];
      const column = columns?.find((c) => c.state === state);
      if (!page?.hasNext || loadingMore[state] || !column) return;
      const window = column.doneSince ? { doneSince: column.doneSince } : { open: true };
      setLoadingMore((l) => ({ ...l, [state]: true }));
      void client
        .query(
          ColumnPageQuery,
          {
            filter: { ...filter, process: processKey, state, ...window },
            first: PAGE,
            ...(page.cursor && { after: page.cursor }),
          },
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
    [client, processKey, filter, columns, board.pages, loadingMore],
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
