// A process that holds a Temporal client lets its calls finish before it closes the connection: a
// call waiting to be retried on a closed connection would throw "Channel has been shut down".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { CallTracker, temporalConnectionOptions } from '../../temporal/client.js';
import { freePort } from '../support/ports.js';

describe('Temporal calls at shutdown', () => {
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  before(() => process.on('uncaughtException', record));
  after(() => process.off('uncaughtException', record));

  it('drains calls that are being retried, then closes without an uncaught error', async () => {
    // Nothing listens there: every attempt fails and waits for the next retry.
    const calls = new CallTracker();
    const connection = Connection.lazy(temporalConnectionOptions(`127.0.0.1:${await freePort()}`, calls));
    const client = new Client({ connection });
    const call = client.withDeadline(Date.now() + 1500, () => client.workflowService.getSystemInfo({}));
    const failed = call.then(
      () => false,
      () => true,
    );
    assert.equal(await calls.drain(50), false, 'a call still being retried is under way');
    assert.equal(await calls.drain(10_000), true, 'it ends at its deadline');
    assert.equal(await failed, true);
    await connection.close();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.deepEqual(uncaught, []);
  });
});
