// The ticket service over the test system's database but a Temporal that does not answer (a port
// nothing listens on): what callers see while the Temporal server is down.
import { Client, Connection } from '@temporalio/client';
import { createTicketService, type TicketService } from '../../platform/tickets/service.js';
import { CallTracker, temporalConnectionOptions } from '../../temporal/client.js';
import { freePort } from './ports.js';
import type { TestSystem } from './system.js';

export async function ticketServiceWithoutTemporal(
  sys: TestSystem,
): Promise<{ tickets: TicketService; close(): Promise<void> }> {
  const calls = new CallTracker();
  const down = Connection.lazy(temporalConnectionOptions(`127.0.0.1:${await freePort()}`, calls));
  const tickets = createTicketService({
    db: sys.db,
    temporal: new Client({ connection: down, namespace: sys.namespace }),
    taskQueue: sys.taskQueue,
    dataDir: sys.dataDir,
    updateTimeoutMs: 1500,
  });
  return {
    tickets,
    async close() {
      await calls.drain(10_000);
      await down.close();
    },
  };
}
