// Activities: every side effect of a ticket workflow. A factory over its dependencies, so the worker
// and the tests wire real ones (Postgres, SMTP, vendor clients) the same way.
import type { Logger } from '../api/log.js';
import type { Db } from '../api/store/db.js';

export interface ActivityDeps {
  db: Db;
  log: Logger;
}

export function createActivities(deps: ActivityDeps) {
  void deps;
  return {};
}

export type Activities = ReturnType<typeof createActivities>;
