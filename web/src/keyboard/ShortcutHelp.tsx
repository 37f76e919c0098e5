// The `?` dialog: every shortcut the page answers now, grouped, plus the ones that always work
// (Ctrl/Cmd+K, Escape). A native <dialog> opened modally: focus moves into it and comes back after.
import { useRef, useState } from 'react';
import { useRegisteredShortcuts, useShortcuts } from './shortcuts';

const ALWAYS = [
  { keys: 'Ctrl K / ⌘ K', label: 'Search tickets, views and actions' },
  { keys: 'Escape', label: 'Close a dialog or menu' },
  { keys: 'Ctrl Enter / ⌘ Enter', label: 'Send what you wrote' },
];

const keyName = (key: string) => (key === ' ' ? 'Space' : key);

export function ShortcutHelp() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const shortcuts = useRegisteredShortcuts();
  useShortcuts([
    {
      key: '?',
      label: 'Show keyboard shortcuts',
      group: 'Anywhere',
      run: () => {
        setOpen(true);
        dialog.current?.showModal();
      },
    },
  ]);
  const groups = new Map<string, { key: string; label: string }[]>();
  for (const s of shortcuts) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return (
    <dialog ref={dialog} className="shortcut-help" aria-labelledby="shortcut-help-title" onClose={() => setOpen(false)}>
      {open && (
        <>
          <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
          {[...groups].map(([group, list]) => (
            <section key={group}>
              <h3>{group}</h3>
              <dl>
                {list.map((s) => (
                  <div key={s.key}>
                    <dt>
                      <kbd>{keyName(s.key)}</kbd>
                    </dt>
                    <dd>{s.label}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
          <section>
            <h3>Always</h3>
            <dl>
              {ALWAYS.map((s) => (
                <div key={s.keys}>
                  <dt>
                    <kbd>{s.keys}</kbd>
                  </dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
          </section>
          <p>Shortcuts never take keys typed into a text field.</p>
          <form method="dialog">
            <button type="submit">Close</button>
          </form>
        </>
      )}
    </dialog>
  );
}
