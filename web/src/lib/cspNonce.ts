// The nonce the API put in this page's Content-Security-Policy (and in <meta property="csp-nonce">):
// style elements the app adds (CodeMirror's themes) carry it, so the policy needs no 'unsafe-inline'.
// Browsers hide a nonce attribute's value from the DOM once parsed; the element's nonce property keeps it.

/** The page's nonce; empty when it has none (the Vite dev server's page has no policy). */
export function cspNonce(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  return meta?.nonce || meta?.getAttribute('nonce') || '';
}
