// The app: who is signed in decides what shows. Signed out, the sign-in and registration pages;
// signed in, the app shell with the page that the address names in the route table (routes.ts), for
// those whose role may open it. Signing in (and "/") lands staff on their default view of the queue,
// everyone else on their tickets.
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Provider } from 'urql';
import { BoardPage } from './board/BoardPage';
import { createClient } from './client';
import { AppShell } from './components/AppShell';
import { Loading } from './components/Loading';
import { DashboardPage } from './dashboard/DashboardPage';
import { MacrosPage } from './macros/MacrosPage';
import { QueuePage } from './queue/QueuePage';
import { SendLeftDrafts } from './lib/useLeftDrafts';
import { MyTicketsPage } from './pages/MyTicketsPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { NotificationsPage } from './notifications/NotificationsPage';
import { PreferencesPage } from './notifications/PreferencesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import { TicketPage } from './ticket/TicketPage';
import { SearchPage } from './search/SearchPage';
import { navigate, useLocation } from './router';
import { HOME_ALIASES, inAdminArea, matchRoute, mayOpen, routes, type RouteMatch } from './routes';
import { startSession, takeEarlyAnswers, type SessionUser } from './session/session';
import { useSession } from './session/useSession';

// The admin pages bring CodeMirror and React Flow: only admins download them, when they open one.
const AdminPages = lazy(() => import('./admin/AdminPages'));

/** Pages for the signed-out only, and the root: signed in, they lead to where one lands. */
export function App() {
  const session = useSession();
  useEffect(startSession, []);
  if (session.status === 'starting') return <Loading what="Signing you in…" />;
  if (session.status === 'signedOut') return <SignedOut notice={session.notice} />;
  return <SignedIn user={session.user} signIn={session.signIn} />;
}

function SignedOut({ notice }: { notice?: string }) {
  const { path } = useLocation();
  // Registration speaks GraphQL too, without a sign-in.
  const client = useMemo(() => createClient(), []);
  const register = matchRoute(path)?.name === 'register';
  return <Provider value={client}>{register ? <RegisterPage /> : <SignInPage notice={notice} />}</Provider>;
}

function SignedIn({ user, signIn }: { user: SessionUser; signIn: number }) {
  const { path } = useLocation();
  // A new cache for each sign-in; token renewals keep it.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const client = useMemo(() => createClient(takeEarlyAnswers()), [signIn]);
  const match = matchRoute(path);
  const home = !!match && HOME_ALIASES.has(match.name);
  return (
    <Provider value={client}>
      <SendLeftDrafts />
      <AppShell user={user}>{home ? <Landing user={user} /> : <Page path={path} match={match} user={user} />}</AppShell>
    </Provider>
  );
}

/** Where one lands: staff on their default view of the queue (the queue page asks for it, no chain of
 * requests first), everyone else on their tickets. */
function Landing({ user }: { user: SessionUser }) {
  const staff = mayOpen('queue', user.role);
  useEffect(() => {
    navigate(staff ? routes.queue.href() : routes.myTickets.href(), { replace: true });
  }, [staff]);
  return <Loading />;
}

function Page({ path, match, user }: { path: string; match: RouteMatch | null; user: SessionUser }) {
  const allowed = match && mayOpen(match.name, user.role);
  if (inAdminArea(path))
    return user.role === 'ADMIN' ? (
      <Suspense fallback={<Loading what="Loading the admin pages…" />}>
        <AdminPages match={match} />
      </Suspense>
    ) : (
      <NotFoundPage />
    );
  if (!allowed) return <NotFoundPage />;
  switch (match.name) {
    case 'myTickets':
      return <MyTicketsPage user={user} />;
    case 'newTicket':
      return <NewTicketPage />;
    case 'ticket':
      return <TicketPage key={match.params.number} number={match.params.number} user={user} />;
    case 'notifications':
      return <NotificationsPage />;
    case 'notificationPreferences':
      return <PreferencesPage />;
    case 'board':
      return <BoardPage user={user} />;
    case 'dashboard':
      return <DashboardPage />;
    case 'search':
      return <SearchPage />;
    case 'macros':
      return <MacrosPage />;
    case 'queue':
      return <QueuePage />;
    default:
      return <NotFoundPage />;
  }
}
