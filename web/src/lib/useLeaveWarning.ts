// Warns before a page with unsent text is left: the browser's own question on a reload, a closed tab or
// another address (beforeunload), and the app's on its own navigation (router.tsx's leave guards).
import { useEffect } from 'react';
import { addLeaveGuard } from '../router';

export const LEAVE_QUESTION = 'You have text you have not sent. Leave this page anyway? (Your draft is kept.)';

export function useLeaveWarning(unsent: boolean, question = LEAVE_QUESTION): void {
  useEffect(() => {
    if (!unsent) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the question only when returnValue is set.
      event.returnValue = true;
    };
    window.addEventListener('beforeunload', warn);
    const removeGuard = addLeaveGuard(() => question);
    return () => {
      window.removeEventListener('beforeunload', warn);
      removeGuard();
    };
  }, [unsent, question]);
}
