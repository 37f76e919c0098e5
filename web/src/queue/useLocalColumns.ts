// The columns chosen for a list whose view cannot keep them (a built-in view, a view one may not
// change, a list by filters alone): kept in this browser, per view.
import { useState } from 'react';

const keyOf = (viewId: string) => `queue-columns:${viewId}`;

function read(viewId: string): string[] | null {
  try {
    const saved = JSON.parse(localStorage.getItem(keyOf(viewId)) ?? 'null') as unknown;
    return Array.isArray(saved) && saved.every((c) => typeof c === 'string') && saved.length ? saved : null;
  } catch {
    return null;
  }
}

export function useLocalColumns(viewId: string): [string[] | null, (columns: string[]) => void] {
  // A change of view reads that view's choice; a choice made re-renders at once.
  const [chosen, setChosen] = useState<{ viewId: string; columns: string[] } | null>(null);
  const columns = chosen?.viewId === viewId ? chosen.columns : read(viewId);
  const choose = (next: string[]) => {
    localStorage.setItem(keyOf(viewId), JSON.stringify(next));
    setChosen({ viewId, columns: next });
  };
  return [columns, choose];
}
