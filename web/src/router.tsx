// Page addresses in the browser's history (no library: a handful of paths, in the route table of
// routes.ts, whose addresses are the only ones navigate() and Link take). The API answers every such
// path with index.html, so a page can be reloaded or linked to.
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

function changed(): void {
  current = read();
  listeners.forEach((listener) => listener());
}
window.addEventListener('popstate', changed);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => current);
}

export function navigate(to: Href, options: { replace?: boolean } = {}): void {
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
