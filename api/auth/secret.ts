// The key that signs access tokens: AUTH_SECRET, or on one machine a random one kept in DATA_DIR so
// sign-ins survive a restart. Replicas behind a load balancer need AUTH_SECRET set to the same value.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../platform/config.js';

export function authSecret(config: Pick<Config, 'AUTH_SECRET' | 'DATA_DIR'>): Uint8Array {
  if (config.AUTH_SECRET) return new TextEncoder().encode(config.AUTH_SECRET);
  const file = join(config.DATA_DIR, 'auth-secret');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  } catch {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const secret = randomBytes(32);
    // `wx`: of two processes starting at once, one writes and the other reads what it wrote.
    try {
      writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    }
  }
}
