// The notifications rows of one ticket's messages of one template, for the notification tests: by
// channel (email before in_app), then oldest first.
import type { TestSystem } from './system.js';

export const notificationRows = (sys: TestSystem, number: string, template: string) =>
  sys.db
    .selectFrom('notifications')
    .selectAll()
    .where('ticket_number', '=', number)
    .where('template', '=', template)
    .orderBy('channel')
    .orderBy('created_at')
    .execute();
