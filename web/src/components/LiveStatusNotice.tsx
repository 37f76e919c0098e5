// Says, while it is so, that live updates are interrupted (the API restarting, the network gone) and
// coming back by themselves. The region is always there, so screen readers hear it appear, politely.
import type { LiveStatus } from '../lib/useLiveSubscription';

export function LiveStatusNotice({ status }: { status: LiveStatus }) {
  return (
    <div role="status" aria-live="polite" className="live-status">
      {status === 'reconnecting' && (
        <p className="notice notice-warning">
          <span className="spinner" aria-hidden="true" />
          Live updates paused — reconnecting…
        </p>
      )}
    </div>
  );
}
