// The admin area's own links: processes, people, groups, API keys and the audit log.
import { Link } from '../router';

const ITEMS = [
  { href: '/admin/processes', label: 'Processes' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/groups', label: 'Groups' },
  { href: '/admin/api-keys', label: 'API keys' },
  { href: '/admin/audit', label: 'Audit log' },
];

export function AdminNav({ path }: { path: string }) {
  const current = path === '/admin' ? '/admin/processes' : ITEMS.find((i) => path.startsWith(i.href))?.href;
  return (
    <nav aria-label="Admin" className="admin-nav">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.href}>
            <Link href={item.href} {...(item.href === current && { 'aria-current': 'page' })}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
