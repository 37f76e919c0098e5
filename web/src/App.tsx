// The app: who is signed in decides what shows. Signed out, the sign-in and registration pages;
// signed in, the app shell with the page the address names.
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Provider } from 'urql';
import { BoardPage } from './board/BoardPage';
import { createClient } from './client';
import { AppShell } from './components/AppShell';
import { Loading } from './components/Loading';
import { DashboardPage } from './dashboard/DashboardPage';
import { MyTicketsPage } from './pages/MyTicketsPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { NotificationsPage } from './notifications/NotificationsPage';
import { PreferencesPage } from './notifications/PreferencesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import { TicketPage } from './pages/TicketPage';
import { navigate, useLocation } from './router';
import { startSession, type SessionUser } from './session/session';
import { useSession } from './session/useSession';

// The admin pages bring CodeMirror and React Flow: only admins download them, when they open one.
const AdminPages = lazy(() => import('./admin/AdminPages'));

const TICKET_PATH = /^\/tickets\/([A-Za-z0-9-]+)$/;
/** Pages for the signed-out only, and the root: signed in, they lead to one's tickets. */
const HOME_ALIASES = ['/', '/signin', '/register'];

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
  return <Provider value={client}>{path === '/register' ? <RegisterPage /> : <SignInPage notice={notice} />}</Provider>;
}

function SignedIn({ user, signIn }: { user: SessionUser; signIn: number }) {
  const { path } = useLocation();
  // A new cache for each sign-in; token renewals keep it.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const client = useMemo(() => createClient(), [signIn]);
  const home = HOME_ALIASES.includes(path);
  useEffect(() => {
    if (home) navigate('/tickets', { replace: true });
  }, [home]);
  return (
    <Provider value={client}>
      <AppShell user={user}>{home ? <Loading /> : <Page path={path} user={user} />}</AppShell>
    </Provider>
  );
}

function Page({ path, user }: { path: string; user: SessionUser }) {
  if (path === '/tickets') return <MyTicketsPage user={user} />;
  if (path === '/tickets/new') return <NewTicketPage />;
  if (path === '/notifications') return <NotificationsPage />;
  if (path === '/notifications/preferences') return <PreferencesPage />;
  const ticket = TICKET_PATH.exec(path);
  if (ticket) return <TicketPage key={ticket[1]} number={ticket[1]!} user={user} />;
  if (path === '/board' && user.role !== 'EMPLOYEE') return <BoardPage user={user} />;
  if (path === '/dashboard' && user.role !== 'EMPLOYEE') return <DashboardPage />;
  if ((path === '/admin' || path.startsWith('/admin/')) && user.role === 'ADMIN')
    return (
      <Suspense fallback={<Loading what="Loading the admin pages…" />}>
        <AdminPages />
      </Suspense>
    );
  return <NotFoundPage />;
}
