// The admin pages, loaded only when an admin opens one (React.lazy in App.tsx): the editor's
// CodeMirror and the diagram's React Flow stay out of everyone else's download.
import { useLocation } from '../router';
import { NotFoundPage } from '../pages/NotFoundPage';
import { AdminNav } from './AdminNav';
import { ApiKeysPage } from './ApiKeysPage';
import { AuditLogPage } from './AuditLogPage';
import { CompareVersionsPage } from './CompareVersionsPage';
import { GroupsPage } from './GroupsPage';
import { ProcessEditorPage } from './ProcessEditorPage';
import { ProcessesPage } from './ProcessesPage';
import { UsersPage } from './UsersPage';
import './admin.css';

const EDIT = /^\/admin\/processes\/([\w-]+)\/edit$/;
const COMPARE = /^\/admin\/processes\/([\w-]+)\/compare$/;

export default function AdminPages() {
  const { path, search } = useLocation();
  return (
    <>
      <AdminNav path={path} />
      <AdminPage path={path} search={search} />
    </>
  );
}

function AdminPage({ path, search }: { path: string; search: URLSearchParams }) {
  if (path === '/admin' || path === '/admin/processes') return <ProcessesPage />;
  if (path === '/admin/users') return <UsersPage />;
  if (path === '/admin/groups') return <GroupsPage />;
  if (path === '/admin/api-keys') return <ApiKeysPage />;
  if (path === '/admin/audit') return <AuditLogPage />;
  const edit = EDIT.exec(path);
  if (edit) return <ProcessEditorPage key={edit[1]} processKey={edit[1]!} />;
  const compare = COMPARE.exec(path);
  if (compare)
    return (
      <CompareVersionsPage processKey={compare[1]!} a={Number(search.get('a') ?? 1)} b={Number(search.get('b') ?? 1)} />
    );
  return <NotFoundPage />;
}
