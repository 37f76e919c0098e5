// /readyz: ready when what the API itself needs answers (PostgreSQL, Temporal), whether or not a worker
// runs, so a worker outage takes no API replica out of service; its body reports the workers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

describe('readiness: /readyz', () => {
  let sys: TestSystem;
  let api: TestApi;
  let url: string;
  before(async () => {
    sys = await startTestSystem({ worker: false });
    api = await startTestApi(sys);
    url = `${api.url}/readyz`;
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const readyz = async () => {
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('is ready without a worker, and says that no worker polls the ticket task queue', async () => {
    const { status, body } = await readyz();
    assert.equal(status, 200);
    assert.deepEqual(body, {
      status: 'ready',
      checks: { postgres: 'ok', temporal: 'ok' },
      workers: { taskQueue: sys.taskQueue, pollers: 0 },
    });
  });

  it('reports the worker once it polls, and stays ready', async () => {
    await sys.startWorker();
    const polled = await eventually(
      async () => {
        const { status, body } = await readyz();
        return (body.workers as { pollers: number }).pollers > 0 ? { status, body } : undefined;
      },
      20_000,
      'a poller in /readyz',
    );
    assert.equal(polled.status, 200);
    assert.equal(polled.body.status, 'ready');
  });
});
