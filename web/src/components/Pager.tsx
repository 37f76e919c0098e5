// The one pager of every paged list: a "Load more" button under the list while it has more, which
// the list answers by reading its next page and showing it below what it shows already (the lists of
// connections merge their pages in the cache, client.ts; the board's columns in their own state). A
// list that scrolls within its own box (a board column) also loads by itself as its end comes near
// (`autoLoadIn`: that box); the button stays, for the keyboard.
import { useEffect, useRef, useState, type RefObject } from 'react';

interface PagerProps {
  /** What the list holds, for the button's accessible name: "Load more tickets". */
  what: string;
  hasNext: boolean;
  loading: boolean;
  onMore: () => void;
  /** The box the list scrolls in, when it loads by itself as its end comes near. */
  autoLoadIn?: RefObject<HTMLElement | null>;
}

/** How far ahead of the end coming into sight the next page is read. */
const AHEAD = '0px 0px 600px 0px';

export function Pager({ what, hasNext, loading, onMore, autoLoadIn }: PagerProps) {
  const self = useRef<HTMLDivElement>(null);
  const near = useNear(self, autoLoadIn, hasNext);
  useEffect(() => {
    if (near && hasNext && !loading) onMore();
  }, [near, hasNext, loading, onMore]);
  if (!hasNext) return null;
  return (
    <div className="pager" ref={self}>
      <button type="button" className="button-secondary" disabled={loading} onClick={onMore}>
        {loading ? 'Loading…' : 'Load more'}
        <span className="visually-hidden"> {what}</span>
      </button>
    </div>
  );
}

/** Whether the pager is within AHEAD of the visible part of its box (false without a box). */
function useNear(self: RefObject<HTMLElement | null>, box: RefObject<HTMLElement | null> | undefined, shown: boolean) {
  const [near, setNear] = useState(false);
  useEffect(() => {
    if (!box || !shown || !self.current) return;
    // The newest entry tells where the pager is now: one callback may bring several (it left and came
    // back between two), and the first alone could leave `near` false while it is in sight — and then
    // nothing changes again to load the next page.
    const observer = new IntersectionObserver((entries) => setNear(entries.at(-1)?.isIntersecting ?? false), {
      root: box.current,
      rootMargin: AHEAD,
    });
    observer.observe(self.current);
    return () => {
      observer.disconnect();
      setNear(false);
    };
  }, [box, self, shown]);
  return near && shown && !!box;
}
