// The admin area's own links: processes, people, groups, API keys and the audit log; the current one
// is the one whose page shows (a process's editor and comparison are under Processes).
import { Link } from '../router';
import { routes, type RouteName } from '../routes';

const ITEMS = [
  { route: 'adminProcesses', label: 'Processes', under: ['admin', 'adminProcessEditor', 'adminCompareVersions'] },
  { route: 'adminUsers', label: 'Users' },
  { route: 'adminGroups', label: 'Groups' },
  { route: 'adminApiKeys', label: 'API keys' },
  { route: 'adminAuditLog', label: 'Audit log' },
] as const satisfies readonly { route: RouteName; label: string; under?: readonly RouteName[] }[];

export function AdminNav({ current }: { current: RouteName | undefined }) {
  const isCurrent = (item: (typeof ITEMS)[number]) =>
    item.route === current || ('under' in item && (item.under as readonly string[]).includes(current ?? ''));
  return (
    <nav aria-label="Admin" className="admin-nav">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.route}>
            <Link href={routes[item.route].href()} {...(isCurrent(item) && { 'aria-current': 'page' })}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
