// Every refusal of input lists every problem at once, text Postgres cannot store among the others, and
// names each with one path syntax: `states[0].label`, never `states.0.label`. Process definitions,
// the inputs parsed at the boundary (platform/validate.ts) and API key scopes alike.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { checkDefinition, saveDraft } from '../../platform/processes/processes.js';
import { AppError } from '../../platform/errors.js';
import { unstorableText } from '../../platform/text.js';
import { parseInput } from '../../platform/validate.js';
import { validateDefinition } from '../../workflows/process/validate.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';
import { base, groups } from '../support/validation.js';

const NUL = 'a\u0000b';

/** A definition with a NUL in one place and a dangling reference in another. */
function twoProblems() {
  const d = base();
  d.states[0]!.label = NUL;
  d.states[1]!.timers![0]!.transition = 'nowhere';
  return d;
}

const paths = (problems: { path: string }[]) => problems.map((p) => p.path).sort();

describe('input problems', () => {
  let sys: TestSystem;
  let api: TestApi;

  before(async () => {
    sys = await startTestSystem({ worker: false });
    api = await startTestApi(sys);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  it('a process definition reports its text problem and its other problems together', async () => {
    const result = validateDefinition(twoProblems(), { groups });
    assert.ok(!result.ok);
    assert.deepEqual(paths(result.problems), ['states[0].label', 'states[1].timers[0].transition']);
    const checked = await checkDefinition(sys.db, twoProblems());
    assert.ok(!checked.ok);
    assert.ok(paths(checked.problems).includes('states[0].label'), JSON.stringify(checked.problems));
    assert.ok(paths(checked.problems).includes('states[1].timers[0].transition'), JSON.stringify(checked.problems));
  });

  it('a draft that cannot be stored is refused with every problem it has', async () => {
    const refused = await saveDraft(sys.db, twoProblems(), 'test').catch((error: unknown) => error);
    assert.ok(refused instanceof AppError, String(refused));
    const fields = (refused.details.problems as { path: string }[]).map((p) => p.path);
    assert.ok(fields.includes('states[0].label'), refused.message);
    assert.ok(fields.includes('states[1].timers[0].transition'), refused.message);
  });

  it('over GraphQL, validating a definition lists both, with bracketed paths', async () => {
    const admin = await api.signIn('admin@example.com');
    const result = await api.gql<{ validateProcessDefinition: { ok: boolean; problems: { path: string }[] } }>(
      'mutation ($d: JSON!) { validateProcessDefinition(definition: $d) { ok problems { path } } }',
      { d: { ...twoProblems(), group: 'service-desk' } },
      { token: admin },
    );
    // (The base definition's groups do not exist here: those problems come too.)
    const found = paths(result.data!.validateProcessDefinition.problems);
    assert.ok(found.includes('states[0].label'), JSON.stringify(found));
    assert.ok(found.includes('states[1].timers[0].transition'), JSON.stringify(found));
  });

  it('text problems name array items with brackets', () => {
    assert.deepEqual(unstorableText({ states: [{ label: NUL }], a: { b: [[NUL]] } }), [
      { path: 'states[0].label', message: 'contains U+0000 (NUL), which cannot be stored' },
      { path: 'a.b[0][0]', message: 'contains U+0000 (NUL), which cannot be stored' },
    ]);
  });

  it('input parsed at the boundary reports text and shape problems at once, with bracketed paths', () => {
    const schema = z.object({ items: z.array(z.object({ name: z.string(), size: z.number() })) });
    const refused = (() => {
      try {
        parseInput(schema, {
          items: [
            { name: NUL, size: 1 },
            { name: 'ok', size: 'big' },
          ],
        });
      } catch (error) {
        return error;
      }
    })();
    assert.ok(refused instanceof AppError, String(refused));
    assert.deepEqual([...(refused.details.fields as string[])].sort(), ['items[0].name', 'items[1].size']);
  });

  it('an API key scope names its bad entries with brackets', async () => {
    const admin = await api.signIn('admin@example.com');
    const result = await api.gql(
      'mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }',
      { i: { name: 'k', processes: ['it-support', 'nope'], signals: ['requester.replied', 'nope'] } },
      { token: admin },
    );
    assert.deepEqual(result.errors![0]!.extensions.fields, ['processes[1]', 'signals[1]']);
  });
});
