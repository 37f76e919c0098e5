// Every process `npm start` runs (the servers in process groups of their own, so that Ctrl-C reaches
// them only through it, and the worker and the API) would outlive it when it is killed outright
// (`kill -9`). On Linux, util-linux's `setpriv` asks the kernel to signal the child when its parent
// dies; elsewhere the command runs as it is, and the next `npm start` stops what is left, by the pids
// it recorded (scripts/start-record.ts). scripts/bootstrap.mjs does the same for the command it runs.
import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

/** The command and arguments that run `command` so that it gets `signal` when this process dies. */
export function diesWithParent(command: string, args: string[], signal: NodeJS.Signals): [string, string[]] {
  if (process.platform !== 'linux' || !existsSync(SETPRIV)) return [command, args];
  return [SETPRIV, ['--pdeathsig', signal, '--', command, ...args]];
}
