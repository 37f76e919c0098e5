// The services the API offers, built once per process from its configuration: GraphQL resolvers and
// HTTP handlers share them.
import type { Client } from '@temporalio/client';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/store/db.js';
import { DEFAULT_ATTACHMENT_CONTENT_TYPES } from '../platform/tickets/attachments.js';
import { createTicketService, type TicketService } from '../platform/tickets/service.js';

export interface Services {
  tickets: TicketService;
}

export function createServices(config: Config, deps: { db: Db; temporal: Client }): Services {
  return {
    tickets: createTicketService({
      ...deps,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      dataDir: config.DATA_DIR,
      continueAsNewAfter: config.TICKET_CONTINUE_AS_NEW_AFTER,
      attachments: {
        maxBytes: config.MAX_ATTACHMENT_BYTES,
        contentTypes: config.ATTACHMENT_CONTENT_TYPES ?? DEFAULT_ATTACHMENT_CONTENT_TYPES,
      },
    }),
  };
}
