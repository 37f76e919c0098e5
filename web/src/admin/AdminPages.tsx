// The admin pages, loaded only when an admin opens one (React.lazy in App.tsx): the editor's
// CodeMirror and the diagram's React Flow stay out of everyone else's download. Which page shows is
// the route table's say (routes.ts): App.tsx passes the route the address matched.
import { NotFoundPage } from '../pages/NotFoundPage';
import { useLocation } from '../router';
import type { RouteMatch } from '../routes';
import { AdminNav } from './AdminNav';
import { ApiKeysPage } from './ApiKeysPage';
import { AuditLogPage } from './AuditLogPage';
import { CompareVersionsPage } from './CompareVersionsPage';
import { GroupsPage } from './GroupsPage';
import { ProcessEditorPage } from './ProcessEditorPage';
import { ProcessesPage } from './ProcessesPage';
import { UsersPage } from './UsersPage';
import './admin.css';

export default function AdminPages({ match }: { match: RouteMatch | null }) {
  return (
    <>
      <AdminNav current={match?.name} />
      <AdminPage match={match} />
    </>
  );
}

function AdminPage({ match }: { match: RouteMatch | null }) {
  const { search } = useLocation();
  switch (match?.name) {
    case 'admin':
    case 'adminProcesses':
      return <ProcessesPage />;
    case 'adminUsers':
      return <UsersPage />;
    case 'adminGroups':
      return <GroupsPage />;
    case 'adminApiKeys':
      return <ApiKeysPage />;
    case 'adminAuditLog':
      return <AuditLogPage />;
    case 'adminProcessEditor':
      return <ProcessEditorPage key={match.params.key} processKey={match.params.key} />;
    case 'adminCompareVersions':
      return (
        <CompareVersionsPage
          processKey={match.params.key}
          a={Number(search.get('a') ?? 1)}
          b={Number(search.get('b') ?? 1)}
        />
      );
    default:
      return <NotFoundPage />;
  }
}
