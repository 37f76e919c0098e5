import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AppError } from '../../platform/errors.js';
import { signIn } from '../../api/people/accounts.js';
import { addMember, createGroup, listGroups, removeMember } from '../../platform/people/groups.js';
import { createUser, listUsers, setUserStatus } from '../../platform/people/users.js';
import { seedDemoData } from '../../api/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const run = promisify(execFile);

function rejectsWith(code: AppError['code'], pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('people and groups', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.drop();
  });

  it('creates users with a normalised email and refuses duplicates', async () => {
    const user = await createUser(t.db, { email: 'Ann.Agent@Example.com', name: 'Ann', role: 'AGENT' });
    assert.equal(user.email, 'ann.agent@example.com');
    assert.equal(user.status, 'active');
    await assert.rejects(
      createUser(t.db, { email: 'ANN.agent@example.com', name: 'Other', role: 'AGENT' }),
      rejectsWith('CONFLICT', /already exists/),
    );
  });

  it('refuses invalid users with every problem and writes nothing', async () => {
    const before = await listUsers(t.db);
    await assert.rejects(
      createUser(t.db, { email: 'not-an-email', name: ' ', role: 'BOSS' as never }),
      (error: unknown) => {
        assert.ok(error instanceof AppError && error.code === 'BAD_USER_INPUT');
        const paths = (error.details.problems as { path: string }[]).map((p) => p.path);
        assert.deepEqual(paths, ['email', 'name', 'role']);
        return true;
      },
    );
    assert.deepEqual(await listUsers(t.db), before);
  });

  it('sets away status and rejects unknown statuses and people', async () => {
    await createUser(t.db, { email: 'bob@example.com', name: 'Bob', role: 'AGENT' });
    assert.equal((await setUserStatus(t.db, 'BOB@example.com', 'away')).status, 'away');
    await assert.rejects(
      setUserStatus(t.db, 'bob@example.com', 'asleep'),
      rejectsWith('BAD_USER_INPUT', /Invalid input/),
    );
    await assert.rejects(
      setUserStatus(t.db, 'nobody@example.com', 'away'),
      rejectsWith('NOT_FOUND', /nobody@example.com/),
    );
  });

  it('keeps group members in joining order and only admits people who work tickets', async () => {
    await createGroup(t.db, { key: 'desk', name: 'Desk' });
    await createUser(t.db, { email: 'cat@example.com', name: 'Cat', role: 'COORDINATOR' });
    await createUser(t.db, { email: 'emp@example.com', name: 'Emp', role: 'EMPLOYEE' });
    await addMember(t.db, 'desk', 'bob@example.com');
    await addMember(t.db, 'desk', 'cat@example.com');
    await addMember(t.db, 'desk', 'ann.agent@example.com');
    await addMember(t.db, 'desk', 'bob@example.com'); // again: no change
    await assert.rejects(addMember(t.db, 'desk', 'emp@example.com'), rejectsWith('BAD_USER_INPUT', /EMPLOYEE/));
    await assert.rejects(addMember(t.db, 'nope', 'bob@example.com'), rejectsWith('NOT_FOUND', /Group "nope"/));
    const [desk] = await listGroups(t.db);
    assert.deepEqual(
      desk?.members.map((m) => m.email),
      ['bob@example.com', 'cat@example.com', 'ann.agent@example.com'],
    );
    await removeMember(t.db, 'desk', 'cat@example.com');
    await assert.rejects(removeMember(t.db, 'desk', 'cat@example.com'), rejectsWith('NOT_FOUND', /Membership/));
  });

  it('refuses bad group keys and duplicate groups', async () => {
    await assert.rejects(createGroup(t.db, { key: 'Bad Key', name: 'x' }), rejectsWith('BAD_USER_INPUT', /key/));
    await assert.rejects(createGroup(t.db, { key: 'desk', name: 'Again' }), rejectsWith('CONFLICT', /already exists/));
  });

  describe('operator command line', () => {
    // The command line itself, without npm and the bootstrap in front of it (they cost a second a call);
    // the examples of docs/operations.md below go through `npm run cli` as a user types them.
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
        env: { ...process.env, DATABASE_URL: t.url },
      });

    it('creates a user, a group and a membership, and lists them', async () => {
      const created = await cli('user', 'add', '--email', 'dee@example.com', '--name', 'Dee Agent', '--role', 'AGENT');
      assert.match(created.stdout, /created AGENT dee@example.com \(active\)/);
      await cli('group', 'add', 'night-shift', '--name', 'Night shift');
      await cli('group', 'add-member', 'night-shift', 'dee@example.com');
      await cli('user', 'set-status', 'dee@example.com', 'away');
      const { stdout } = await cli('group', 'list');
      assert.match(stdout, /night-shift — Night shift\n\s+dee@example.com\s+AGENT\s+away/);
    });

    it('sets a password read from standard input, so the first admin can sign in', async () => {
      await cli('user', 'add', '--email', 'root@example.com', '--name', 'First Admin', '--role', 'ADMIN');
      const setWith = (input: string) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'user', 'set-password', 'root@example.com'], {
          input,
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: t.url },
        });
      const short = setWith('short\n');
      assert.equal(short.status, 2, short.stderr);
      assert.match(short.stderr, /at least 10 characters/);
      const done = setWith('a long passphrase\nignored second line\n');
      assert.equal(done.status, 0, done.stderr);
      assert.equal((await signIn(t.db, 'root@example.com', 'a long passphrase')).role, 'ADMIN');
      await assert.rejects(signIn(t.db, 'root@example.com', 'ignored second line'));
    });

    it('fails with a clear message and a non-zero exit on bad input', async () => {
      await assert.rejects(
        cli('user', 'add', '--email', 'x', '--name', 'X', '--role', 'AGENT'),
        (error: { code: number; stderr: string }) => {
          assert.equal(error.code, 2);
          assert.match(error.stderr, /error: Invalid input: email: Invalid email address/);
          return true;
        },
      );
      await assert.rejects(
        cli('group', 'add-member', 'night-shift', 'ghost@example.com'),
        (error: { code: number; stderr: string }) => {
          assert.equal(error.code, 3);
          assert.match(error.stderr, /User "ghost@example.com" does not exist/);
          return true;
        },
      );
      await assert.rejects(cli('frobnicate'), (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /Unknown command "frobnicate"[\s\S]*Usage:/);
        return true;
      });
    });

    it('prints its usage on --help, -h and help, and exits 0', async () => {
      for (const flag of ['--help', '-h', 'help']) {
        const { stdout } = await cli(flag);
        assert.match(stdout, /^Usage: npm run cli -- <command>[\s\S]*user list \[--role ROLE\]/, flag);
      }
    });

    it('names the flag and the value it refuses, and exits 2', async () => {
      const refused = (pattern: RegExp) => (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2, error.stderr);
        assert.match(error.stderr, pattern);
        return true;
      };
      await assert.rejects(cli('user', 'list', '--role', 'WIZARD'), refused(/--role: "WIZARD" is not one of EMPLOYEE/));
      await assert.rejects(
        cli('user', 'add', '--email', 'eve@example.com', '--name', 'Eve', '--role', 'BOSS'),
        refused(/--role: "BOSS" is not one of EMPLOYEE\|AGENT\|COORDINATOR\|ADMIN/),
      );
      await assert.rejects(
        cli('user', 'add', '--email', 'eve@example.com', '--name', 'Eve'),
        refused(/--role is missing/),
      );
      await assert.rejects(
        cli('user', 'add', '--email', 'eve@example.com', '--name', 'Eve', '--role', 'AGENT', '--status', 'asleep'),
        refused(/--status: "asleep" is not one of active\|away\|inactive/),
      );
      await assert.rejects(cli('group', 'add', 'night-owls'), refused(/--name is missing/));
      await assert.rejects(
        cli('user', 'set-status', 'dee@example.com', 'asleep'),
        refused(/STATUS: "asleep" is not one of active\|away\|inactive/),
      );
      await assert.rejects(cli('user', 'list', '--rol', 'AGENT'), refused(/Unknown option '--rol'/));
      assert.deepEqual((await listUsers(t.db)).map((u) => u.email).includes('eve@example.com'), false);
    });

    it("runs every example of the operations doc's command-line section on a seeded database", async () => {
      const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
      const section = doc.split('## Operator command line')[1]!.split('\n## ')[0]!;
      const examples = section
        .split('\n')
        .filter((line) => line.startsWith('npm run cli -- '))
        .map((line) => line.replace(/\s+#.*$/, '').replace(/[[\]]/g, ''));
      assert.ok(examples.length >= 8, 'the section has examples');
      const { seededFromTemplate, ...seeded } = await createTestDatabase({ seeded: true });
      try {
        if (!seededFromTemplate) await seedDemoData(seeded.db);
        for (const example of examples) {
          const args = [...example.slice('npm run cli -- '.length).matchAll(/"([^"]*)"|(\S+)/g)].map(
            (m) => m[1] ?? m[2]!,
          );
          await run('npm', ['run', '--silent', 'cli', '--', ...args], {
            env: { ...process.env, DATABASE_URL: seeded.url },
          }).catch((error: { stderr: string }) => assert.fail(`${example}\n${error.stderr}`));
        }
      } finally {
        await seeded.drop();
      }
    });
  });
});
