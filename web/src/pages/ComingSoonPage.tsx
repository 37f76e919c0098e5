// Staff and admin pages that later work brings (the board, the admin pages).
import { usePageTitle } from '../lib/usePageTitle';

export function ComingSoonPage({ title }: { title: string }) {
  usePageTitle(title);
  return (
    <section className="page">
      <h1>{title}</h1>
      <p className="empty">Coming soon: this page is not built yet.</p>
    </section>
  );
}
