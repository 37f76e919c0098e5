// A copy of this working tree inside a folder that only its owner may enter (mode 0700, as `mktemp -d`
// and home folders are), with node_modules hard-linked: where a new user's clone usually lives.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const source = join(import.meta.dirname, '..', '..');

export interface PrivateCopy {
  /** The copy of the working tree, inside `home`. */
  root: string;
  home: string;
  remove(): void;
}

export function privateCopy(): PrivateCopy {
  const home = mkdtempSync(join(tmpdir(), 'ticketflow-home-'));
  if ((statSync(home).mode & 0o777) !== 0o700) throw new Error(`${home} is not private (mode 0700)`);
  const root = join(home, 'ticketflow');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: source,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(source, file)));
  for (const file of files) cpSync(join(source, file), join(root, file), { preserveTimestamps: true });
  execFileSync('cp', ['-al', join(source, 'node_modules'), join(root, 'node_modules')]);
  return { root, home, remove: () => rmSync(home, { recursive: true, force: true }) };
}
