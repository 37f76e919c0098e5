// This browser's copies of drafts the server has not confirmed yet (localStorage), per person, ticket
// and slot: an API outage, an expired sign-in or a closed tab between a keystroke and the save loses
// nothing, and the copy is sent when the draft is next opened. A copy is removed once the server
// holds what it holds, so a shared browser keeps no one's text longer than it must.
import { getSession } from '../session/session';

const PREFIX = 'ticketflow:draft:';

function keyOf(number: string, slot: string): string | undefined {
  const session = getSession();
  return session.status === 'signedIn' ? `${PREFIX}${session.user.id}:${number}:${slot}` : undefined;
}

/** The unconfirmed copy of the draft, if this browser holds one. */
export function readCopy(number: string, slot: string): { value: unknown } | undefined {
  const key = keyOf(number, slot);
  if (!key) return undefined;
  try {
    const stored = window.localStorage.getItem(key);
    return stored === null ? undefined : { value: JSON.parse(stored) as unknown };
  } catch {
    return undefined;
  }
}

export function writeCopy(number: string, slot: string, value: unknown): void {
  const key = keyOf(number, slot);
  try {
    if (key) window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or refused (private mode): the server copy is still saved.
  }
}

/** Removes the copy, only if it still holds `value` (what the server confirmed), or whatever it holds. */
export function removeCopy(number: string, slot: string, value?: unknown): void {
  const key = keyOf(number, slot);
  if (!key) return;
  try {
    if (value === undefined || window.localStorage.getItem(key) === JSON.stringify(value))
      window.localStorage.removeItem(key);
  } catch {
    // Nothing to do: a copy that stays is sent again, which changes nothing.
  }
}
