// An address the app has no page for.
import { usePageTitle } from '../lib/usePageTitle';
import { Link } from '../router';
import { routes } from '../routes';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link href={routes.myTickets.href()}>Go to your tickets</Link>.
      </p>
    </section>
  );
}
