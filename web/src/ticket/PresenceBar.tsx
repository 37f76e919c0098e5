// One line saying who else is on the ticket: "Sam Agent is viewing · Cora Coordinator is typing…". The
// region is always there (empty while nobody else is), so screen readers hear changes, politely. Its
// parts wrap at narrow widths. The list comes from usePresence.
import type { TicketViewer } from './usePresence';

/** "A", "A and B", "A, B and C". */
function listed(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/** The line's parts: who is typing, then who is only viewing. */
export function presenceParts(viewers: readonly TicketViewer[]): string[] {
  const typing = viewers.filter((v) => v.typing).map((v) => v.user.name);
  const viewing = viewers.filter((v) => !v.typing).map((v) => v.user.name);
  const parts: string[] = [];
  if (viewing.length > 0) parts.push(`${listed(viewing)} ${viewing.length === 1 ? 'is' : 'are'} viewing`);
  if (typing.length > 0) parts.push(`${listed(typing)} ${typing.length === 1 ? 'is' : 'are'} typing…`);
  return parts;
}

export function PresenceBar({ viewers }: { viewers: readonly TicketViewer[] }) {
  const parts = presenceParts(viewers);
  return (
    <div className="presence-bar" role="status" aria-live="polite" aria-label="Who else is on this ticket">
      {parts.length > 0 && (
        <p className="muted">
          {parts.map((part, i) => (
            <span key={part} className="presence-part">
              {i > 0 && <span aria-hidden="true"> · </span>}
              {part}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
