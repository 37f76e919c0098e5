// An address the app has no page for.
import { usePageTitle } from '../lib/usePageTitle';
import { Link } from '../router';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link href="/tickets">Go to your tickets</Link>.
      </p>
    </section>
  );
}
