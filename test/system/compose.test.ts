// docker-compose.yml cannot run here (no Docker engine), so it is validated: by compose itself where
// installed (.ci/run installs Debian's compose v1), and against the configuration parser.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { parse } from 'yaml';
import { configKeys, loadConfig } from '../../platform/config.js';
import { ticketSearchAttributes } from '../../workflows/search-attributes.js';
import { testTemporalAddress } from '../support/temporal.js';

const run = promisify(execFile);
const file = new URL('../../docker-compose.yml', import.meta.url).pathname;

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  restart?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  deploy?: { replicas?: number };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const ours = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

  it('has the production-like topology', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), [
      'api',
      'mailcatcher',
      'migrate',
      'postgres',
      'temporal',
      'temporal-schema',
      'temporal-setup',
      'temporal-ui',
      'worker',
    ]);
    assert.deepEqual(ours.map(([name]) => name).sort(), ['api', 'migrate', 'temporal-setup', 'worker']);
    assert.ok((compose.services.worker?.deploy?.replicas ?? 1) > 1, 'workers run as replicas');
    assert.doesNotMatch(readFileSync(file, 'utf8'), /auto-setup/, 'the deprecated auto-setup image is not used');
  });

  it('sets only environment variables the configuration parser knows, with valid values', () => {
    for (const [name, service] of ours) {
      const env = service.environment ?? {};
      const unknown = Object.keys(env).filter((key) => !(configKeys as string[]).includes(key));
      assert.deepEqual(unknown, [], `${name} sets unknown variables`);
      const config = loadConfig(env);
      assert.equal(config.TEMPORAL_ADDRESS, 'temporal:7233');
      assert.match(config.DATABASE_URL ?? '', /@postgres:5432\//);
    }
  });

  it('migrates the database once, before any worker or API replica starts', () => {
    const migrate = compose.services.migrate!;
    assert.deepEqual(migrate.command, ['node', '--import', 'tsx', 'scripts/cli.ts', 'db', 'migrate']);
    assert.equal(migrate.restart, 'no', 'a one-shot');
    assert.equal(migrate.depends_on?.postgres?.condition, 'service_healthy');
    for (const name of ['worker', 'api']) {
      assert.equal(compose.services[name]!.depends_on?.migrate?.condition, 'service_completed_successfully', name);
    }
  });

  it('sets up the Temporal namespace once, before any worker or API replica starts', () => {
    const setUp = ours.filter(([, s]) => loadConfig(s.environment ?? {}).TEMPORAL_SETUP).map(([name]) => name);
    assert.deepEqual(setUp, [], 'no long-running service repeats the set-up');
    const setup = compose.services['temporal-setup']!;
    assert.deepEqual(setup.command, ['node', '--import', 'tsx', 'scripts/cli.ts', 'temporal', 'setup']);
    assert.equal(setup.restart, 'no', 'a one-shot');
    assert.equal(setup.depends_on?.temporal?.condition, 'service_healthy');
    for (const name of ['worker', 'api']) {
      const condition = compose.services[name]!.depends_on?.['temporal-setup']?.condition;
      assert.equal(condition, 'service_completed_successfully', name);
    }
  });

  it("the temporal-setup service's command registers the namespace and search attributes", async () => {
    const address = await testTemporalAddress();
    const namespace = `compose-setup-${randomBytes(4).toString('hex')}`;
    const { stdout } = await run(process.execPath, compose.services['temporal-setup']!.command!.slice(1), {
      env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace },
    });
    assert.match(stdout, new RegExp(`namespace ${namespace} and its search attributes are set up on ${address}`));
    const connection = await Connection.connect({ address });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      for (const key of Object.values(ticketSearchAttributes))
        assert.ok(key.name in (customAttributes ?? {}), key.name);
    } finally {
      await connection.close();
    }
  });

  it("lets the Temporal UI's page call its own server (CORS origin is the UI's published port)", () => {
    const ui = compose.services['temporal-ui']!;
    const published = ui.ports?.map((p) => p.split(':')[0]) ?? [];
    const origins = (ui.environment?.TEMPORAL_CORS_ORIGINS ?? '').split(',');
    assert.ok(published.length > 0);
    for (const port of published) assert.ok(origins.includes(`http://localhost:${port}`), origins.join(','));
  });

  it('is documented for operators: the CLI against the stack, for compose v2 and v1', () => {
    const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    const section = doc.split('## Production-like topology')[1]!.split('\n## ')[0]!;
    assert.match(section, /docker compose run --rm api node --import tsx scripts\/cli\.ts user add /);
    assert.match(section, /docker-compose/, 'compose v1 is named too');
    assert.match(section, /`migrate`[\s\S]*`temporal-setup`/, 'the one-shot services are explained');
  });

  // Skipped without compose, but never in CI, where a missing docker-compose fails the run.
  const skip = !hasCompose() && !process.env.CI && 'docker-compose is not installed';
  it('is valid for docker compose', { skip }, async () => {
    const { stdout } = await run('docker-compose', ['-f', file, 'config', '--services']);
    assert.deepEqual(stdout.trim().split('\n').sort(), Object.keys(compose.services).sort());
  });
});

function hasCompose(): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'docker-compose')));
}
