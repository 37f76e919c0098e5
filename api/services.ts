// The services the API offers, built once per process from its configuration: GraphQL resolvers and
// HTTP handlers share them. Each holds its module's rules and checks who may do what; the resolvers
// only turn a request into a call as the viewer. The ticket and process services live in platform/,
// where activities reach them too.
import type { Client } from '@temporalio/client';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/store/db.js';
import { DEFAULT_ATTACHMENT_CONTENT_TYPES } from '../platform/tickets/attachments.js';
import { createProcessService } from '../platform/processes/service.js';
import { createApiKeyService } from './auth/api-key-service.js';
import { createDraftService } from './drafts/service.js';
import { createMacroService } from '../platform/macros/service.js';
import { createNotificationService } from './notifications/service.js';
import { createPeopleService } from './people/service.js';
import { createBoardService } from './tickets/board-service.js';
import { createDeliveryService } from './webhooks/delivery-service.js';
import { createTicketService, type TicketService } from '../platform/tickets/service.js';
import { createViewService } from '../platform/queue/views.js';

/** The services that need only the database. */
export function createDbServices(db: Db) {
  return {
    processes: createProcessService(db),
    people: createPeopleService(db),
    apiKeys: createApiKeyService(db),
    notifications: createNotificationService(db),
    webhookDeliveries: createDeliveryService(db),
    board: createBoardService(db),
    drafts: createDraftService(db),
    macros: createMacroService(db),
    views: createViewService(db),
  };
}

export type Services = ReturnType<typeof createDbServices> & { tickets: TicketService };

export function createServices(config: Config, deps: { db: Db; temporal: Client }): Services {
  return {
    ...createDbServices(deps.db),
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
