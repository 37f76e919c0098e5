// Page addresses in the browser's history (no library: a handful of paths, in the route table of
// routes.ts, whose addresses are the only ones navigate() and Link take). The API answers every such
// path with index.html, so a page can be reloaded or linked to. A page with unsent text asks before the
// app leaves it (addLeaveGuard; web/src/lib/useLeaveWarning.ts).
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import type { Href } from './routes';

export interface Location {
  path: string;
  search: URLSearchParams;
}

const read = (): Location => ({
  path: window.location.pathname,
  search: new URLSearchParams(window.location.search),
});
let current = read();
const listeners = new Set<() => void>();

/** Asked before the app leaves the page: a question to put to the person (unsent text), or nothing. */
export type LeaveGuard = () => string | undefined;
const guards = new Set<LeaveGuard>();

/** Asks before in-app navigation while the guard has a question; answers the function that removes it. */
export function addLeaveGuard(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}

/** Whether the person lets the app leave the page (asked only when a guard has a question). */
function mayLeave(): boolean {
  for (const guard of guards) {
    const question = guard();
    if (question) return window.confirm(question);
  }
  return true;
}

function changed(): void {
  current = read();
  listeners.forEach((listener) => listener());
}
window.addEventListener('popstate', () => {
  // Back and forward have already moved: staying puts the page the person was on back in the history.
  if (!mayLeave())
    return window.history.pushState(
      null,
      '',
      `${current.path}${current.search.size ? `?${current.search.toString()}` : ''}`,
    );
  changed();
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => current);
}

export function navigate(to: Href, options: { replace?: boolean } = {}): void {
  if (!mayLeave()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  changed();
  window.scrollTo(0, 0);
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: Href }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    // New tabs and windows open as the browser does it.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
