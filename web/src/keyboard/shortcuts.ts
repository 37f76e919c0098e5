// The app's single-key shortcuts (Linear's and Zendesk's: j/k through a list, r to reply, ? for all of
// them). A page registers the keys it answers while it is shown (useShortcuts); one listener on the
// document dispatches them. Keys typed into a text field, a select or anything editable are never
// taken, nor keys with Ctrl, Alt or Meta (the browser's and the command palette's), so a shortcut can
// never eat what someone types. `?` lists the shortcuts registered now (ShortcutHelp).
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';

export interface Shortcut {
  /** The key as KeyboardEvent.key names it: 'j', 'Enter', '?'. */
  key: string;
  /** What it does, as the help lists it: "Next ticket". */
  label: string;
  /** Where the help groups it: "List", "Ticket". */
  group: string;
  run: () => void;
}

type Registered = Shortcut & { id: number };

let registered: Registered[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

/** True when the key goes to what has focus: text fields, selects, editable content, open menus. */
export function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  // Inside a dialog (the help itself, the palette, a move dialog) the page behind it takes no keys.
  return !!target.closest(
    'dialog,[role="dialog"],[role="alertdialog"],[role="combobox"],[role="listbox"],[role="menu"]',
  );
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (typingInto(event.target)) return;
  // The latest registration wins: a dialog's keys over its page's.
  const found = [...registered].reverse().find((s) => s.key === event.key);
  if (!found) return;
  event.preventDefault();
  found.run();
}

let listening = false;
function listen(): void {
  if (listening || typeof document === 'undefined') return;
  listening = true;
  document.addEventListener('keydown', onKeyDown);
}

/** The shortcuts registered now, for the help. */
export function useRegisteredShortcuts(): readonly Shortcut[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => registered,
  );
}

/** Registers `shortcuts` while the calling component is mounted (and `enabled`); the latest `run`
 * functions are called, so callers need not memoise them. */
export function useShortcuts(shortcuts: Shortcut[], enabled = true): void {
  const latest = useRef(shortcuts);
  useLayoutEffect(() => {
    latest.current = shortcuts;
  });
  const signature = shortcuts.map((s) => `${s.key}\u0000${s.label}\u0000${s.group}`).join('\u0001');
  useEffect(() => {
    if (!enabled) return;
    listen();
    const mine: Registered[] = latest.current.map((s, i) => ({
      ...s,
      id: nextId++,
      run: () => latest.current[i]?.run(),
    }));
    registered = [...registered, ...mine];
    changed();
    return () => {
      const ids = new Set(mine.map((s) => s.id));
      registered = registered.filter((s) => !ids.has(s.id));
      changed();
    };
  }, [signature, enabled]);
}
