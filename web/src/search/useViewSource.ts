// The command palette's Views source: the queue's views (built-in, one's own, shared with one's groups)
// whose name has every typed word; choosing one opens the queue on it. Staff only (the `views` query is).
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { mayOpen, routes } from '../routes';
import type { SessionUser } from '../session/session';
import type { PaletteSection } from './sources';

const PaletteViews = graphql(`
  query PaletteViews {
    views {
      id
      name
      isDefault
    }
  }
`);

/** Null for those without a queue (employees): the palette then has no Views section. */
export function useViewSource(query: string, user: SessionUser): PaletteSection | null {
  const staff = mayOpen('queue', user.role);
  const [result] = useQuery({ query: PaletteViews, pause: !staff });
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const items = (result.data?.views ?? [])
    .filter((v) => words.every((w) => v.name.toLowerCase().includes(w)))
    .map((v) => ({
      id: `view-${v.id}`,
      label: `View: ${v.name}${v.isDefault ? ' (default)' : ''}`,
      href: routes.queue.href({ view: v.id }),
    }));
  return staff ? { heading: 'Views', items, empty: 'No view matches.' } : null;
}
