// The API process builds its services once from its configuration: what the configuration says about
// tickets reaches the workflows it starts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../api/services.js';
import { loadConfig } from '../../platform/config.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

describe('the API services', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startTestSystem();
  });
  after(async () => {
    await sys.stop();
  });

  it(
    'start ticket workflows that continue as new after TICKET_CONTINUE_AS_NEW_AFTER events',
    { timeout: 60_000 },
    async () => {
      const config = loadConfig({
        TEMPORAL_TASK_QUEUE: sys.taskQueue,
        DATA_DIR: sys.dataDir,
        TICKET_CONTINUE_AS_NEW_AFTER: '10',
      });
      const { tickets } = createServices(config, { db: sys.db, temporal: sys.temporal });
      const erin = await sys.person('erin.employee@example.com');
      const cora = await sys.person('cora.coordinator@example.com');
      const { ticket } = await tickets.create(
        {
          process: 'it-support',
          title: 'Many changes',
          requester: { userId: erin.userId },
          fields: { category: 'other' },
        },
        erin,
      );
      for (let i = 0; i < 12; i++) await tickets.setPriority(ticket.number, cora, { priority: i % 2 ? 'low' : 'high' });
      const runs = await eventually(
        async () => {
          const found: string[] = [];
          for await (const execution of sys.temporal.workflow.list({ query: `WorkflowId = '${ticket.number}'` }))
            found.push(execution.runId);
          return found.length >= 2 ? found : undefined;
        },
        10_000,
        'a second run',
      );
      assert.ok(runs.length >= 2, `the ticket's workflow continued as new (${runs.length} runs)`);
      assert.equal((await tickets.get(ticket.number)).priority, 'low');
    },
  );
});
