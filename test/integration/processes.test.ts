import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import {
  getVersion,
  latestVersion,
  listProcesses,
  publishDefinition,
  publishDraft,
  saveDraft,
} from '../../platform/processes/processes.js';
import { loadSampleProcess, sampleProcessPath } from '../../platform/processes/samples.js';
import { seedDemoData } from '../../api/seed.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const run = promisify(execFile);

describe('process definitions: drafts and published versions', () => {
  let t: TestDatabase;
  const itSupport = () => loadSampleProcess('it-support') as ProcessDefinition;

  before(async () => {
    t = await createTestDatabase();
    await seedDemoData(t.db);
  });
  after(async () => {
    await t.drop();
  });

  it('seeds the three sample processes once', async () => {
    const again = await seedDemoData(t.db);
    assert.deepEqual(again, { createdPeople: [], publishedProcesses: [] });
    const list = await listProcesses(t.db);
    assert.deepEqual(
      list.map((p) => [p.key, p.latestVersion, p.hasDraft]),
      [
        ['customer-case', 1, false],
        ['engineering-change', 1, false],
        ['it-support', 1, false],
      ],
    );
  });

  it('publishes a changed definition as the next version and keeps the old one', async () => {
    const v2 = itSupport();
    v2.transitions.push({
      key: 'escalate',
      label: 'Escalate',
      from: ['in_progress'],
      to: 'waiting_on_requester',
      by: ['COORDINATOR'],
    });
    const published = await publishDefinition(t.db, v2, 'admin@example.com');
    assert.deepEqual([published.version, published.created], [2, true]);
    assert.equal((await latestVersion(t.db, 'it-support')).version, 2);
    const v1 = await getVersion(t.db, 'it-support', 1);
    assert.equal(
      v1.definition.transitions.some((tr) => tr.key === 'escalate'),
      false,
    );

    const audit = await t.db.selectFrom('audit_log').selectAll().where('subject', '=', 'process:it-support').execute();
    assert.deepEqual(
      audit.map((a) => [a.actor, a.action, a.details]),
      [
        ['seed', 'process.published', { version: 1 }],
        ['admin@example.com', 'process.published', { version: 2 }],
      ],
    );
  });

  it('publishes nothing when the definition equals the latest version', async () => {
    const same = await publishDefinition(
      t.db,
      (await latestVersion(t.db, 'it-support')).definition,
      'admin@example.com',
    );
    assert.deepEqual([same.version, same.created], [2, false]);
  });

  it('never changes or deletes a published version', async () => {
    await assert.rejects(
      sql`update process_versions set definition = '{}'::jsonb where key = 'it-support' and version = 1`.execute(t.db),
      /published process versions are immutable \(it-support v1\)/,
    );
    await assert.rejects(sql`delete from process_versions where key = 'it-support'`.execute(t.db), /immutable/);
  });

  it('keeps an invalid draft, reports its problems, and refuses to publish it', async () => {
    const draft = { ...itSupport(), initialState: 'nowhere' };
    const saved = await saveDraft(t.db, draft, 'admin@example.com');
    assert.deepEqual(saved.problems, [{ path: 'initialState', message: 'unknown state "nowhere"' }]);
    assert.equal((await listProcesses(t.db)).find((p) => p.key === 'it-support')?.hasDraft, true);
    await assert.rejects(publishDraft(t.db, 'it-support', 'admin@example.com'), (error: unknown) => {
      assert.ok(error instanceof AppError && error.code === 'BAD_USER_INPUT');
      assert.match(error.message, /1 problem\(s\):\n {2}initialState: unknown state "nowhere"/);
      return true;
    });
    assert.equal((await latestVersion(t.db, 'it-support')).version, 2, 'no version was added');
  });

  it('refuses a definition that names a group that does not exist', async () => {
    const definition = { ...itSupport(), key: 'night-support', group: 'night-shift' };
    await assert.rejects(
      publishDefinition(t.db, definition, 'admin@example.com'),
      /group: unknown group "night-shift"/,
    );
    await assert.rejects(latestVersion(t.db, 'night-support'), /Published process "night-support" does not exist/);
  });

  it('refuses a draft without a usable key', async () => {
    await assert.rejects(saveDraft(t.db, { name: 'no key' }, 'admin@example.com'), /key: a draft needs a key/);
  });

  it('publishes concurrently without gaps or duplicate versions', async () => {
    const variants = [1, 2, 3, 4].map((n) => ({ ...itSupport(), key: 'race', name: `Race ${n}` }));
    const results = await Promise.all(variants.map((v) => publishDefinition(t.db, v, 'admin@example.com')));
    assert.deepEqual(results.map((r) => r.version).sort(), [1, 2, 3, 4]);
  });

  it("re-seeding leaves an admin's published versions and drafts alone", async () => {
    const draftBefore = await t.db
      .selectFrom('process_drafts')
      .select('definition')
      .where('key', '=', 'it-support')
      .executeTakeFirstOrThrow();
    assert.equal((draftBefore.definition as { initialState: string }).initialState, 'nowhere', "the admin's draft");
    const seeded = await seedDemoData(t.db);
    assert.deepEqual(seeded.publishedProcesses, []);
    assert.equal((await latestVersion(t.db, 'it-support')).version, 2, "the admin's v2 stays the latest");
    const draftAfter = await t.db
      .selectFrom('process_drafts')
      .select('definition')
      .where('key', '=', 'it-support')
      .executeTakeFirstOrThrow();
    assert.deepEqual(draftAfter.definition, draftBefore.definition);
  });

  describe('command line', () => {
    const cli = (...args: string[]) =>
      run('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, DATABASE_URL: t.url } });
    const dir = mkdtempSync(join(tmpdir(), 'ticketflow-process-'));

    it('validates, publishes, lists and shows a process file', async () => {
      const file = join(dir, 'ec.json');
      const definition = loadSampleProcess('engineering-change') as ProcessDefinition;
      definition.name = 'Engineering change (v2)';
      writeFileSync(file, JSON.stringify(definition));
      assert.match(
        (await cli('process', 'validate', file)).stdout,
        /valid \(engineering-change, 7 states, 6 transitions\)/,
      );
      assert.match((await cli('process', 'publish', file)).stdout, /published engineering-change v2/);
      assert.match((await cli('process', 'publish', file)).stdout, /already this definition; nothing published/);
      assert.match((await cli('process', 'list')).stdout, /engineering-change\s+v2\s+Engineering change \(v2\)/);
      const shown = JSON.parse((await cli('process', 'show', 'engineering-change', '--version', '1')).stdout);
      assert.equal(shown.version, 1);
      assert.equal(shown.name, 'Engineering change request');
    });

    it('prints every problem of an invalid file with its path and exits 2', async () => {
      const file = join(dir, 'bad.json');
      writeFileSync(
        file,
        JSON.stringify({ ...loadSampleProcess('customer-case')!, initialState: 'limbo', ticketPrefix: 'x' }),
      );
      await assert.rejects(cli('process', 'publish', file), (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /ticketPrefix: must be 1-10 uppercase letters or digits/);
        assert.match(error.stderr, /initialState: unknown state "limbo"/);
        return true;
      });
      const notJson = join(dir, 'not.json');
      writeFileSync(notJson, '{ nope');
      await assert.rejects(cli('process', 'validate', notJson), /is not JSON/);
      await assert.rejects(cli('process', 'validate', sampleProcessPath('it-support') + '.missing'), /cannot read/);
    });

    it('points at the line and column of a JSON syntax error', async () => {
      const file = join(dir, 'broken.json');
      writeFileSync(file, '{\n  "key": "broken",\n  "name": "Broken"\n  "format": 1\n}\n');
      for (const command of ['validate', 'publish']) {
        await assert.rejects(cli('process', command, file), (error: { code: number; stderr: string }) => {
          assert.equal(error.code, 2);
          assert.match(error.stderr, /broken\.json is not JSON: line 4, column 3: /);
          return true;
        });
      }
    });
  });
});
