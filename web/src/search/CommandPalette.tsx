// The command palette: Ctrl/Cmd+K anywhere (or `/`, or the header's Search button) opens a modal
// dialog with one combobox (the ARIA 1.2 combobox + listbox pattern): what is typed searches tickets
// (live, debounced, snippets marked), actions and, once the lead adds them, saved views (sources.ts).
// Arrow keys move through every section's options, Enter opens the active one — a ticket number and
// Enter opens that ticket, even when typed faster than the search answers —, Escape closes and focus
// returns to where it was.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useShortcuts } from '../keyboard/shortcuts';
import { navigate } from '../router';
import type { SessionUser } from '../session/session';
import { MAX_QUERY_CHARS } from './operations';
import { Snippet } from './Snippet';
import { usePaletteSections, type PaletteItem } from './sources';
import './search.css';

const optionId = (item: PaletteItem) => `palette-option-${item.id}`;

/** The palette and what opens it: Ctrl/Cmd+K, `/`, and the Search button this renders for the header. */
export function CommandPalette({ user }: { user: SessionUser }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [open, setOpen] = useState(false);

  const show = useCallback(() => {
    if (dialog.current?.open) return;
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
    dialog.current?.showModal();
  }, []);

  // Ctrl/Cmd+K works everywhere, text fields included: no one types it as text.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        show();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [show]);
  useShortcuts([{ key: '/', label: 'Search tickets, views and actions', group: 'Anywhere', run: show }]);

  const close = () => dialog.current?.close();
  const onClose = () => {
    setOpen(false);
    opener.current?.focus();
  };

  return (
    <>
      <button
        type="button"
        className="button-secondary search-button"
        onClick={show}
        aria-keyshortcuts="Control+K Meta+K"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
          <path
            fill="currentColor"
            d="M10 2a8 8 0 0 1 6.32 12.9l5.39 5.4-1.41 1.4-5.4-5.38A8 8 0 1 1 10 2zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12z"
          />
        </svg>
        <span className="search-button-text">Search</span>
      </button>
      <dialog ref={dialog} className="palette" aria-label="Search and commands" onClose={onClose}>
        {open && <PaletteBody user={user} onChosen={close} />}
      </dialog>
    </>
  );
}

/** The combobox and its listbox; mounted while the dialog is open, so each opening starts afresh. */
function PaletteBody({ user, onChosen }: { user: SessionUser; onChosen: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // showModal() ran before this mounted: the dialog took the focus, the combobox takes it now.
  useEffect(() => input.current?.focus(), []);
  /** Enter was pressed while the tickets were still being found: act once they are. */
  const enterPending = useRef(false);
  const sections = usePaletteSections(query, user);
  const items = sections.flatMap((s) => s.items);
  const pending = sections.some((s) => s.pending);
  const activeItem = items[Math.min(active, items.length - 1)];

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    onChosen();
    navigate(item.href);
  };

  const firstItem = items[0];
  useEffect(() => {
    if (!enterPending.current || pending) return;
    enterPending.current = false;
    if (!firstItem) return;
    onChosen();
    navigate(firstItem.href);
  }, [pending, firstItem, onChosen]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (items.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (Math.min(i, items.length - 1) + step + items.length) % items.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (pending) enterPending.current = true;
      else choose(activeItem);
    }
  };

  useEffect(() => {
    if (activeItem) document.getElementById(optionId(activeItem))?.scrollIntoView({ block: 'nearest' });
  }, [activeItem]);

  return (
    <div className="palette-body">
      <label htmlFor="palette-input" className="palette-label">
        Search tickets, views and actions
      </label>
      <input
        id="palette-input"
        ref={input}
        className="palette-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-listbox"
        aria-autocomplete="list"
        aria-activedescendant={activeItem ? optionId(activeItem) : undefined}
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_QUERY_CHARS}
        placeholder="A ticket number, words, or an action"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div id="palette-listbox" role="listbox" aria-label="Results" className="palette-list">
        {sections.map((section) => (
          <div key={section.heading} role="group" aria-labelledby={`palette-group-${section.heading}`}>
            <div role="presentation" id={`palette-group-${section.heading}`} className="palette-heading">
              {section.heading}
            </div>
            {section.items.length === 0 && (
              <div role="presentation" className="palette-empty muted">
                {section.empty}
              </div>
            )}
            {section.items.map((item) => (
              <div
                key={item.id}
                id={optionId(item)}
                role="option"
                aria-selected={item === activeItem}
                className="palette-option"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(item)}
              >
                <span className="palette-option-label">{item.label}</span>
                {item.detail && (
                  <span className="palette-option-detail">
                    {item.detail.number && <span className="ticket-number">{item.detail.number}</span>}{' '}
                    {item.detail.snippet && <Snippet parts={item.detail.snippet} />}
                  </span>
                )}
              </div>
            ))}
          </div>
        ))}
      </div>
      <p className="palette-hint muted" aria-live="polite">
        {pending ? 'Searching…' : `${items.length} ${items.length === 1 ? 'result' : 'results'}`} · ↑ ↓ to move, Enter
        to open, Escape to close
      </p>
    </div>
  );
}
