// The frame of the signed-out pages: the product's name over one small card.
import type { ReactNode } from 'react';

export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="auth">
      <p className="brand auth-brand">Ticketflow</p>
      <section className="card auth-card">{children}</section>
    </main>
  );
}
