// Each page names itself in the tab's title, which screen readers announce on navigation.
import { useEffect } from 'react';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Ticketflow`;
  }, [title]);
}
