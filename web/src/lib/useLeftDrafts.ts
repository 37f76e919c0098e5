// Drafts this browser kept while the server could not take them (an outage, an API restart, a sign-in
// that expired, a tab closed before its save) are sent at each sign-in and when the browser is back
// online, whether or not their ticket is open again: the server then has them for every device. A copy
// the server confirms is removed; one it can never take (the ticket gone from view) too; one it
// refused as too large stays for the form that shows it.
import { useEffect } from 'react';
import { useClient } from 'urql';
import { leftCopies, removeCopy } from './draftCopies';
import { errorCode } from './errors';
import { SaveDraft } from './useDraft';

/** Refusals no retry can change, for which a copy is dropped. */
const NEVER = ['NOT_FOUND', 'FORBIDDEN'];

export function useSendLeftDrafts(): void {
  const client = useClient();
  useEffect(() => {
    let sending = false;
    const sendAll = async () => {
      if (sending) return;
      sending = true;
      try {
        for (const { number, slot, value } of leftCopies()) {
          const result = await client.mutation(SaveDraft, { number, slot, value }).toPromise();
          if (!result.error || NEVER.includes(errorCode(result.error) ?? '')) removeCopy(number, slot, value);
          else if (result.error.networkError) break;
        }
      } finally {
        sending = false;
      }
    };
    const online = () => void sendAll();
    void sendAll();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [client]);
}

/** For the signed-in app's tree (inside its urql Provider). */
export function SendLeftDrafts(): null {
  useSendLeftDrafts();
  return null;
}
