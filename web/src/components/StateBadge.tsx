// A ticket's state, coloured by its category (new, active, waiting, done).
import { humanize } from '../lib/format';

export function StateBadge({ state, category }: { state: string | null; category: string | null }) {
  return <span className={`badge badge-${category ?? 'unknown'}`}>{state ? humanize(state) : 'Starting'}</span>;
}
