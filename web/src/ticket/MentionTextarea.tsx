// The composer's text area with @mentions for internal notes: typing `@` and a few letters lists the
// members of the ticket's group they may mean (a listbox under the text area, as a combobox does: the text area keeps the
// focus, ArrowUp/ArrowDown choose, Enter or Tab writes the chosen one in, Escape closes the list).
// Without `mentions` (a public reply) it is a plain text area. Ctrl/Cmd+Enter is the caller's.
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery } from 'urql';
import type { ControlProps } from '../components/Field';
import { insertMention, mentionAt, mentionCandidates, MentionableStaff, type MentionQuery } from './mentions';

interface MentionTextareaProps {
  control: ControlProps;
  value: string;
  onChange: (value: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  /** Whether @mentions are offered (internal notes). */
  mentions: boolean;
  /** The ticket's group: its members are the staff who may read the note, so the ones offered. */
  group: string;
}

export function MentionTextarea({ control, value, onChange, onKeyDown, mentions, group }: MentionTextareaProps) {
  const [staff] = useQuery({ query: MentionableStaff, pause: !mentions });
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once the text with a mention written in is rendered: before the next key,
  // so that typing on goes after the mention (an animation frame later would be too late for a fast typist).
  const caretAfter = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (caretAfter.current === null) return;
    area.current?.setSelectionRange(caretAfter.current, caretAfter.current);
    caretAfter.current = null;
  }, [value]);
  const readers = staff.data?.groups.filter((g) => g.key === group) ?? [];
  const candidates = mentions && query ? mentionCandidates(readers, query.prefix) : [];
  const open = candidates.length > 0;
  const listId = `${control.id}-mentions`;
  const chosen = candidates[Math.min(active, candidates.length - 1)];

  const look = (text: string, caret: number) => {
    setQuery(mentions ? mentionAt(text, caret) : null);
    setActive(0);
  };

  const choose = (index: number) => {
    const candidate = candidates[index];
    if (!query || !candidate) return;
    const next = insertMention(value, query, candidate);
    caretAfter.current = next.caret;
    onChange(next.text);
    setQuery(null);
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && !(event.ctrlKey || event.metaKey)) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + candidates.length) % candidates.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        choose(Math.min(active, candidates.length - 1));
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setQuery(null);
        return;
      }
    }
    onKeyDown(event);
  };

  return (
    <div className="mention-box">
      <textarea
        {...control}
        ref={area}
        rows={4}
        value={value}
        {...(mentions && {
          role: 'combobox',
          'aria-autocomplete': 'list' as const,
          'aria-expanded': open,
          'aria-controls': listId,
          ...(open && chosen && { 'aria-activedescendant': `${listId}-${chosen.id}` }),
        })}
        onKeyDown={keyDown}
        onChange={(e) => {
          onChange(e.target.value);
          look(e.target.value, e.target.selectionStart);
        }}
        onBlur={() => setQuery(null)}
      />
      {mentions && (
        <ul id={listId} role="listbox" aria-label="Mention someone" className="mention-list" hidden={!open}>
          {candidates.map((c, i) => (
            <li
              key={c.id}
              id={`${listId}-${c.id}`}
              role="option"
              aria-selected={c === chosen}
              // mousedown, not click: the text area must keep the focus (its blur closes the list).
              onMouseDown={(e) => {
                e.preventDefault();
                choose(i);
              }}
            >
              <strong>{c.name}</strong> <span className="muted">@{c.handle}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
