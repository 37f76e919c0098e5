// The deadline of one call into the ticket service: whoever changes a ticket learns the outcome within
// the update timeout from when the call came in, not from when its update went out — the reads before
// it count, which under load can take a while. Calls made within a call share its deadline; a bulk
// action's changes are not within one (each ticket gets its own timeout).
import { AsyncLocalStorage } from 'node:async_hooks';

const calls = new AsyncLocalStorage<number>();

/** When the call under way must be answered; `timeoutMs` from now outside one. */
export const deadlineOf = (timeoutMs: number): number => calls.getStore() ?? Date.now() + timeoutMs;

/** The functions of `methods`, each a call with a deadline `timeoutMs` after it came in. */
export function withCallDeadlines<T extends object>(timeoutMs: number, methods: T): T {
  return Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [
      name,
      typeof method !== 'function'
        ? method
        : (...args: unknown[]) =>
            calls.getStore() === undefined ? calls.run(Date.now() + timeoutMs, () => method(...args)) : method(...args),
    ]),
  ) as T;
}
