// Idempotency keys and update ids: a retry with the same one applies a change at most once.
export function newId(): string {
  // randomUUID needs a secure context; an app opened over plain http on another host has none.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
