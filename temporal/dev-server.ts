// Runs `temporal server start-dev` as a child process: a complete Temporal server persisting to a
// SQLite file. Used by `npm start` (when TEMPORAL_ADDRESS is unset) and by the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { diesWithParent } from '../platform/dies-with-parent.js';

export interface DevServerOptions {
  cli: string;
  /** SQLite file; in memory when omitted (tests that need no durability). */
  dbFile?: string;
  port: number;
  uiPort?: number;
  namespace: string;
  ip?: string;
  readyTimeoutMs?: number;
  /** Keep Ctrl-C in the terminal from reaching the server: its owner stops it last, after the workers. */
  ownProcessGroup?: boolean;
}

export interface DevServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** TEMPORAL_CLI → `temporal` on PATH → the copy scripts/bootstrap.mjs installs under .tools/. */
export function resolveTemporalCli(explicit = process.env.TEMPORAL_CLI): string {
  const candidates = [
    explicit,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => dir && join(dir, 'temporal')),
    join(import.meta.dirname, '..', '.tools', 'venv', 'bin', 'temporal'),
  ];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found)
    throw new Error(
      'Temporal CLI not found: run `npm start` or `npm test` once (they install it), or set TEMPORAL_CLI.',
    );
  return found;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(options.port), '--namespace', options.namespace];
  args.push('--log-level', 'warn', '--log-format', 'json');
  if (options.uiPort) args.push('--ui-port', String(options.uiPort), '--ui-disable-news-fetch');
  else args.push('--headless');
  if (options.dbFile) {
    // WAL + synchronous=NORMAL survives process crashes and is much faster than the default FULL.
    args.push(
      '--db-filename',
      options.dbFile,
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    );
  }
  const detached = options.ownProcessGroup ?? false;
  const [command, commandArgs] = detached ? diesWithParent(options.cli, args, 'SIGTERM') : [options.cli, args];
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'], detached });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const address = `${ip}:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Temporal dev server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${stderr}`,
      );
    }
    if (await answers(address, options.namespace)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `Temporal dev server did not answer on ${address} within ${options.readyTimeoutMs ?? 60_000} ms:\n${stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    address,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function answers(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}
