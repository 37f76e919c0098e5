// The web app's production build (web/dist), made by Vite only when its sources changed since the
// last one: `npm start` and the browser tests call it, so a fresh clone serves the app and a second
// start loses no time. The sources are every file of web/ but the build itself, Vite's configuration
// (with api/web/csp-nonce.ts, which it imports) and the lock file (a dependency's new version changes
// the bundle too).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const web = join(root, 'web');
export const webDist = join(web, 'dist');
/** Vite's configuration takes the nonce placeholder from here. */
const CSP_NONCE_FILE = join(root, 'api', 'web', 'csp-nonce.ts');
/** Written into the build once it is complete: the hash of the sources it was made from. */
const STAMP = join(webDist, '.sources-sha256');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === webDist || entry.name === 'node_modules' ? [] : files(path);
    return [path];
  });
}

export function webSourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of [
    ...files(web).sort(),
    join(root, 'vite.config.ts'),
    CSP_NONCE_FILE,
    join(root, 'package-lock.json'),
  ]) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Builds web/dist unless it was built from these very sources; answers whether it built. */
export async function buildWebAppIfChanged(say: (message: string) => void): Promise<boolean> {
  const sources = webSourcesHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sources) return false;
  say(`Building the web app (${existsSync(STAMP) ? 'web/ changed since the last build' : 'no build yet'})…`);
  const started = Date.now();
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`building the web app failed (vite build exited ${code})`);
  writeFileSync(STAMP, sources);
  say(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
