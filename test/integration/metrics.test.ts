// What Prometheus scrapes: the API's GraphQL latency per operation and errors per code at /metrics,
// and the worker's Temporal SDK metrics where WORKER_METRICS_ADDRESS says.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { freePort } from '../support/ports.js';
import { eventually, startTestSystem, systemEnv, type TestSystem } from '../support/system.js';

describe('metrics', () => {
  let sys: TestSystem;
  let api: TestApi;
  before(async () => {
    sys = await startTestSystem({ worker: false });
    api = await startTestApi(sys);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  it('counts GraphQL operations by name and errors by code', async () => {
    await api.gql('query Me { me { id } }');
    const token = await api.signIn('sam.agent@example.com');
    await api.gql('query Me { me { id } }', {}, { token });
    const text = await (await fetch(`${api.url}/metrics`)).text();
    assert.match(text, /ticketflow_graphql_operation_seconds_count\{operation="Me",type="query"\} 2/);
    assert.match(text, /ticketflow_graphql_errors_total\{code="UNAUTHENTICATED"\} 1/);
    assert.match(text, /nodejs_eventloop_lag_seconds/);
  });

  it("serves the worker's Temporal SDK metrics", { timeout: 60_000 }, async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const worker: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], {
      env: { ...systemEnv(sys), WORKER_METRICS_ADDRESS: address, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    try {
      const text = await eventually(
        async () => {
          const response = await fetch(`http://${address}/metrics`).catch(() => undefined);
          const body = response?.ok ? await response.text() : '';
          return body.includes('temporal_') ? body : undefined;
        },
        30_000,
        'the worker to serve metrics',
      );
      assert.match(text, /temporal_/);
    } finally {
      worker.kill('SIGKILL');
    }
  });
});
