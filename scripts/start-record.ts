// The record of a running `npm start` in DATA_DIR (npm-start.json): its pid, where it serves, and the
// servers it started. A second start beside it refuses, naming it; a start after a `kill -9` of it
// stops the servers it left running, and only them: a pid given since to another program is left alone.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartRecord {
  pid: number;
  api: string;
  temporalUi?: string;
  /** Servers it started, by name ("Temporal dev server"), with their pids. */
  children: Record<string, number>;
}

const file = (dataDir: string) => join(dataDir, 'npm-start.json');

export function readRecord(dataDir: string): StartRecord | undefined {
  try {
    return JSON.parse(readFileSync(file(dataDir), 'utf8')) as StartRecord;
  } catch {
    return undefined; // none, or half-written by a start killed while writing it: nothing to go on
  }
}

export function writeRecord(dataDir: string, record: StartRecord): void {
  writeFileSync(file(dataDir), `${JSON.stringify(record, null, 2)}\n`);
}

export function removeRecord(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}

/** What the command line of each recorded child contains, to tell it from a program that got its pid since. */
const COMMAND_MARKS: Record<string, string> = {
  'embedded PostgreSQL': 'postgres',
  'Temporal dev server': 'start-dev',
  worker: 'worker-main.ts',
  api: 'api/main.ts',
};

/** Whether `pid` still runs the child recorded as `name`; where /proc cannot tell (not Linux), assumed. */
export function isRecordedChild(pid: number, name: string): boolean {
  const mark = COMMAND_MARKS[name];
  if (!mark || !existsSync('/proc/self/cmdline')) return isAlive(pid);
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(mark);
  } catch {
    return false; // gone
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Sends `signal`, then SIGKILL if the process is still there after `graceMs`; returns once it is gone. */
export async function stopProcess(pid: number, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  process.kill(pid, signal);
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (isAlive(pid)) throw new Error(`process ${pid} does not stop`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
