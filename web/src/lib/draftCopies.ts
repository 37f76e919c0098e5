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

/** Every copy of the signed-in person's that the server has not confirmed, on any ticket. */
export function leftCopies(): { number: string; slot: string; value: unknown }[] {
  const session = getSession();
  if (session.status !== 'signedIn') return [];
  const mine = `${PREFIX}${session.user.id}:`;
  const copies: { number: string; slot: string; value: unknown }[] = [];
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (!key?.startsWith(mine)) continue;
      const rest = key.slice(mine.length);
      const colon = rest.indexOf(':');
      const stored = window.localStorage.getItem(key);
      if (colon < 1 || stored === null) continue;
      copies.push({ number: rest.slice(0, colon), slot: rest.slice(colon + 1), value: JSON.parse(stored) as unknown });
    }
  } catch {
    // Storage refused, or a copy that is not JSON: what could be read is sent.
  }
  return copies;
}
