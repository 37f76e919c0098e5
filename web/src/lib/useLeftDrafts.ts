// Drafts this browser kept while the server could not take them (an outage, an API restart, a sign-in
// that expired, a tab closed before its save) are sent at each sign-in, when the browser is back
// online, and every RETRY_MS while any is left, whether or not their ticket is open again: the server then has them for every device. A copy
// the server confirms is removed; one it can never take (the ticket gone from view) too; one it
// refused as too large stays for the form that shows it.
import { useEffect } from 'react';
import { useClient } from 'urql';
import { leftCopies, removeCopy } from './draftCopies';
import { errorCode } from './errors';
import { SaveDraft } from './useDraft';

/** Refusals no retry can change, for which a copy is dropped. */
const NEVER = ['NOT_FOUND', 'FORBIDDEN'];
/** How often copies left are tried again (reading localStorage only, when there are none). */
const RETRY_MS = 30_000;

export function useSendLeftDrafts(): void {
  const client = useClient();
  useEffect(() => {
    let sending = false;
    // Copies refused as bad input (too large) are not sent again in this sign-in.
    const refused = new Set<string>();
    const sendAll = async () => {
      if (sending) return;
      sending = true;
      try {
        for (const { number, slot, value } of leftCopies()) {
          const seen = `${number}:${slot}:${JSON.stringify(value)}`;
          if (refused.has(seen)) continue;
          const result = await client.mutation(SaveDraft, { number, slot, value }).toPromise();
          const code = errorCode(result.error);
          if (!result.error || NEVER.includes(code ?? '')) removeCopy(number, slot, value);
          else if (code === 'BAD_USER_INPUT') refused.add(seen);
          else if (result.error.networkError) break;
        }
      } finally {
        sending = false;
      }
    };
    const online = () => void sendAll();
    void sendAll();
    const timer = setInterval(online, RETRY_MS);
    window.addEventListener('online', online);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [client]);
}

/** For the signed-in app's tree (inside its urql Provider). */
export function SendLeftDrafts(): null {
  useSendLeftDrafts();
  return null;
}
