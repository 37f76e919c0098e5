// A ticket's priority; high and urgent stand out.
import { humanize } from '../lib/format';

export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <span className={`badge badge-priority-${priority}`}>
      <span className="visually-hidden">Priority: </span>
      {humanize(priority)}
    </span>
  );
}
