// Keeps an activity attempt visibly alive while it works. A worker that dies stops heartbeating, so
// Temporal retries its attempt after the short heartbeat timeout rather than the whole start-to-close
// timeout: a crashed worker's notifications go out seconds later, not a minute later.
import { Context } from '@temporalio/activity';

/** How often a working attempt says it is alive; the workflow's heartbeatTimeout is a few of these. */
const HEARTBEAT_EVERY_MS = 2_000;

export async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
