// The state of a ticket's SLA clocks in one word: breached, at risk, due in …, paused; nothing when
// no clock runs.
import { formatDateTime, formatRelative } from '../lib/format';
import { summarizeSlas } from '../lib/slas';

export function SlaBadge({ slas }: { slas: unknown }) {
  const sla = summarizeSlas(slas);
  if (sla.level === 'none') return null;
  const due = sla.deadline !== undefined ? `due ${formatRelative(sla.deadline)}` : undefined;
  const text = {
    breached: 'SLA breached',
    'at-risk': due ? `SLA at risk, ${due}` : 'SLA at risk',
    running: due ? `SLA ${due}` : 'SLA running',
    paused: 'SLA paused',
  }[sla.level];
  return (
    <span
      className={`badge badge-sla-${sla.level}`}
      {...(sla.deadline !== undefined && { title: `Deadline ${formatDateTime(sla.deadline)}` })}
    >
      {text}
    </span>
  );
}
