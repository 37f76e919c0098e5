// Entry point of the web app (Vite builds it from web/index.html).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main>
      <h1>Ticketflow</h1>
    </main>
  </StrictMode>,
);
