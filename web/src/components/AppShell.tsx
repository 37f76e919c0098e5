// The frame of every signed-in page: a skip link, the navigation the person's role calls for, the
// notifications bell, who is signed in and a way out. On a phone the header is one row (the name, the
// bell and a Menu button); the navigation and the sign-out fold into the menu the button opens (a
// disclosure: it closes on Escape, on a choice and on the next page). `?` lists the keyboard shortcuts.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ShortcutHelp } from '../keyboard/ShortcutHelp';
import { CommandPalette } from '../search/CommandPalette';
import { NotificationBell } from '../notifications/NotificationBell';
import { Link, useLocation } from '../router';
import { mayOpen, routes, type Href, type RouteName } from '../routes';
import { logout, type SessionUser } from '../session/session';

interface NavItem {
  route: RouteName;
  label: string;
  /** Also current on pages under it (/tickets/IT-000001 under /tickets), unless another item matches. */
  prefix?: boolean;
}

const NAV: NavItem[] = [
  { route: 'myTickets', label: 'My tickets', prefix: true },
  { route: 'newTicket', label: 'New ticket' },
  { route: 'queue', label: 'Queue' },
  { route: 'board', label: 'Board' },
  { route: 'dashboard', label: 'Dashboard' },
  { route: 'macros', label: 'Macros' },
  { route: 'admin', label: 'Admin', prefix: true },
];

/** The items of the pages the role may open, with their addresses. */
const navFor = (role: string): (NavItem & { href: Href })[] =>
  NAV.filter((item) => mayOpen(item.route, role)).map((item) => ({ ...item, href: routes[item.route].href() }));

const roleNames: Record<string, string> = {
  EMPLOYEE: 'Employee',
  AGENT: 'Agent',
  COORDINATOR: 'Coordinator',
  ADMIN: 'Admin',
};

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const items = navFor(user.role);
  const exact = items.find((item) => item.href === path);
  // A ticket is an employee's own request; staff open every kind from the board, so for them no item is.
  const under = (item: NavItem) => item.prefix && (item.route !== 'myTickets' || user.role === 'EMPLOYEE');
  const current = exact ?? items.find((item) => under(item) && path.startsWith(`${item.href}/`));

  // The page the menu was opened on: on the next page it is folded.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === path;
  const setMenuOpen = (open: boolean) => setMenuOpenOn(open ? path : null);
  const menuButton = useRef<HTMLButtonElement>(null);

  // A new page: reading starts at its content, as it does after a full page load.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else main.current?.focus({ preventScroll: true });
  }, [path]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href={routes.myTickets.href()} className="brand">
          Ticketflow
        </Link>
        <CommandPalette user={user} />
        <NotificationBell current={!!routes.notifications.match(path)} />
        <button
          type="button"
          ref={menuButton}
          className="menu-button button-secondary"
          aria-expanded={menuOpen}
          aria-controls="app-menu"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
            <path fill="currentColor" d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z" />
          </svg>
          Menu
        </button>
        <div
          id="app-menu"
          className={menuOpen ? 'topbar-menu is-open' : 'topbar-menu'}
          onKeyDown={(event) => {
            if (event.key !== 'Escape' || !menuOpen) return;
            setMenuOpen(false);
            menuButton.current?.focus();
          }}
        >
          <nav aria-label="Main">
            <ul className="nav">
              {items.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} {...(item === current && { 'aria-current': 'page' })}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="whoami">
            <span>
              {user.name} <span className="muted">({roleNames[user.role] ?? user.role})</span>
            </span>
            <button type="button" className="button-secondary" onClick={() => void logout()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
      <ShortcutHelp />
    </div>
  );
}
