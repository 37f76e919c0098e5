// docker-compose.yml cannot run here (no Docker engine), so it is validated: by compose itself where
// installed (.ci/run installs Debian's compose v1), and against the configuration parser.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { configKeys, loadConfig } from '../platform/config.js';

const run = promisify(execFile);
const file = new URL('../docker-compose.yml', import.meta.url).pathname;

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const ours = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

  it('has the production-like topology', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), [
      'api',
      'mailcatcher',
      'postgres',
      'temporal',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
    assert.deepEqual(ours.map(([name]) => name).sort(), ['api', 'worker']);
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

  it('is valid for docker compose', { skip: !hasCompose() && 'docker-compose is not installed' }, async () => {
    const { stdout } = await run('docker-compose', ['-f', file, 'config', '--services']);
    assert.deepEqual(stdout.trim().split('\n').sort(), Object.keys(compose.services).sort());
  });
});

function hasCompose(): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'docker-compose')));
}
