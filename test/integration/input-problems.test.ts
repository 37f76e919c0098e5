// Every refusal of input lists every problem at once, text Postgres cannot store among the others, and
// names each with one path syntax: `states[0].label`, never `states.0.label`. Process definitions,
// the inputs parsed at the boundary (platform/validate.ts) and API key scopes alike. Over GraphQL each
// problem comes as data beside the paths (`extensions.problems: [{ path, message }]` beside
// `extensions.fields`): a ticket's input, a process definition's, and the engine's refusal of a move
// that lacks a required field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { checkDefinition, saveDraft } from '../../platform/processes/processes.js';
import { AppError } from '../../platform/errors.js';
import { unstorableText } from '../../platform/text.js';
import { parseInput } from '../../platform/validate.js';
import { validateDefinition } from '../../workflows/process/validate.js';
import { failsWith, startTestApi, type TestApi } from '../support/api.js';
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
    // A worker: the engine's own refusals (a move without a required field) are asserted too.
    sys = await startTestSystem();
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

  describe('over GraphQL, extensions.problems beside extensions.fields', () => {
    const CREATE = 'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }';
    const MOVE =
      'mutation ($n: String!, $to: String!, $f: JSON) { moveTicket(number: $n, toState: $to, fields: $f) { state } }';
    const SAVE = 'mutation ($d: JSON!) { saveProcessDraft(definition: $d) { key problems { path message } } }';
    const PUBLISH = 'mutation ($k: String!) { publishProcessDefinition(key: $k) { version } }';

    it('an invalid createTicket input lists each problem with its message', async () => {
      const erin = await api.signIn('erin.employee@example.com');
      const shape = failsWith(
        await api.gql(CREATE, { i: { process: 'IT support', title: ' ' } }, { token: erin }),
        'BAD_USER_INPUT',
      );
      assert.deepEqual(shape.extensions.fields, ['process', 'title']);
      assert.deepEqual(shape.extensions.problems, [
        { path: 'process', message: 'Process must be a process key' },
        { path: 'title', message: 'Title is required' },
      ]);

      const missing = failsWith(
        await api.gql(CREATE, { i: { process: 'it-support', title: 'No category' } }, { token: erin }),
        'BAD_USER_INPUT',
      );
      assert.deepEqual(missing.extensions.fields, ['category']);
      assert.deepEqual(missing.extensions.problems, [{ path: 'category', message: 'Category is required' }]);

      const values = failsWith(
        await api.gql(
          CREATE,
          { i: { process: 'it-support', title: 'Odd fields', fields: { category: 'plumbing', colour: 'red' } } },
          { token: erin },
        ),
        'BAD_USER_INPUT',
      );
      assert.deepEqual(values.extensions.fields, ['category', 'colour']);
      const problems = values.extensions.problems as { path: string; message: string }[];
      assert.deepEqual(
        problems.map((p) => p.path),
        ['category', 'colour'],
      );
      assert.match(problems[0]!.message, /^Category: choose one of hardware, /);
      assert.equal(problems[1]!.message, 'This form has no field "colour"');
    });

    it('createTicket reports input and field problems together, in words naming each by its label', async () => {
      const erin = await api.signIn('erin.employee@example.com');
      const count = async () => (await sys.db.selectFrom('tickets').select('id').execute()).length;
      const before = await count();
      const refused = failsWith(
        await api.gql(
          CREATE,
          {
            i: {
              process: 'it-support',
              title: ' ',
              description: 'd'.repeat(50_001),
              fields: { colour: 'red', question: 7 },
            },
          },
          { token: erin },
        ),
        'BAD_USER_INPUT',
      );
      assert.deepEqual(refused.extensions.problems, [
        { path: 'title', message: 'Title is required' },
        { path: 'description', message: 'Description is longer than 50000 characters' },
        { path: 'category', message: 'Category is required' },
        { path: 'question', message: 'Question to the requester is not text' },
        { path: 'colour', message: 'This form has no field "colour"' },
        // An employee sets none of the staff's fields.
        { path: 'question', message: 'Question to the requester is set by agents, coordinators and admins only' },
      ]);
      assert.deepEqual(refused.extensions.fields, ['title', 'description', 'category', 'question', 'colour']);
      // Neither the validator's words nor codes: the message is the problems' sentences.
      assert.doesNotMatch(refused.message, /Too small|expected|>=|INVALID|BAD_USER/);
      assert.equal(await count(), before, 'nothing was created');

      // Text that cannot be stored is one problem among the others too, named by its field's label.
      const nul = failsWith(
        await api.gql(CREATE, { i: { process: 'it-support', title: NUL, fields: { question: NUL } } }, { token: erin }),
        'BAD_USER_INPUT',
      );
      assert.deepEqual(nul.extensions.problems, [
        { path: 'title', message: 'Title contains U+0000 (NUL), which cannot be stored' },
        { path: 'fields.question', message: 'Question to the requester contains U+0000 (NUL), which cannot be stored' },
        { path: 'category', message: 'Category is required' },
        { path: 'question', message: 'Question to the requester is set by agents, coordinators and admins only' },
      ]);

      // A process that takes no tickets is one problem among the others (alone, it is NOT_FOUND).
      const unknown = failsWith(
        await api.gql(CREATE, { i: { process: 'no-such', title: ' ' } }, { token: erin }),
        'BAD_USER_INPUT',
      );
      assert.deepEqual(unknown.extensions.problems, [
        { path: 'process', message: 'Process: this process takes no new tickets' },
        { path: 'title', message: 'Title is required' },
      ]);
      assert.equal(await count(), before, 'nothing was created');
    });

    it('an invalid process definition lists its problems at once, as validation reports them', async () => {
      const admin = await api.signIn('admin@example.com');
      // Text that cannot be stored: the draft is refused with every problem it has.
      const refused = failsWith(await api.gql(SAVE, { d: twoProblems() }, { token: admin }), 'BAD_USER_INPUT');
      const problems = refused.extensions.problems as { path: string; message: string }[];
      assert.ok(problems.length >= 2, JSON.stringify(problems));
      assert.deepEqual(refused.extensions.fields, problems.map((p) => p.path).filter(Boolean));
      assert.deepEqual(
        problems.find((p) => p.path === 'states[0].label'),
        { path: 'states[0].label', message: 'contains U+0000 (NUL), which cannot be stored' },
      );
      assert.ok(problems.some((p) => p.path === 'states[1].timers[0].transition' && p.message));

      // A draft that can be stored but not published: the refusal carries the draft's problems.
      const broken = base();
      broken.states[1]!.timers![0]!.transition = 'nowhere';
      broken.transitions[0]!.from = ['limbo'];
      const saved = await api.gql<{ saveProcessDraft: { key: string; problems: { path: string; message: string }[] } }>(
        SAVE,
        { d: broken },
        { token: admin },
      );
      const reported = saved.data!.saveProcessDraft.problems;
      assert.ok(reported.length >= 2, JSON.stringify(reported));
      const notPublished = failsWith(
        await api.gql(PUBLISH, { k: saved.data!.saveProcessDraft.key }, { token: admin }),
        'BAD_USER_INPUT',
      );
      assert.deepEqual(notPublished.extensions.problems, reported);
      assert.deepEqual(notPublished.extensions.fields, reported.map((p) => p.path).filter(Boolean));
    });

    it("the engine's refusal of a move without a required field names it, with its message", async () => {
      const erin = await api.signIn('erin.employee@example.com');
      const sam = await api.signIn('sam.agent@example.com');
      const created = await api.gql<{ createTicket: { number: string } }>(
        CREATE,
        { i: { process: 'it-support', title: 'Printer', fields: { category: 'hardware' } } },
        { token: erin },
      );
      const number = created.data!.createTicket.number;
      const started = await api.gql(MOVE, { n: number, to: 'in_progress' }, { token: sam });
      assert.deepEqual(started.data, { moveTicket: { state: 'in_progress' } }, JSON.stringify(started.errors));
      const refused = failsWith(
        await api.gql(MOVE, { n: number, to: 'resolved' }, { token: sam }),
        'BAD_USER_INPUT',
        'REQUIRED_FIELD_MISSING',
      );
      assert.deepEqual(refused.extensions.fields, ['resolution']);
      assert.deepEqual(refused.extensions.problems, [{ path: 'resolution', message: 'Resolution is required' }]);
      assert.equal(refused.message, 'Resolve needs Resolution');
    });

    it('a variable that does not coerce is named, with the message of its error', async () => {
      const erin = await api.signIn('erin.employee@example.com');
      const wrong = failsWith(
        await api.gql(CREATE, { i: { process: 'it-support' } }, { token: erin }),
        'BAD_USER_INPUT',
      );
      assert.deepEqual(wrong.extensions.fields, ['i']);
      assert.deepEqual(wrong.extensions.problems, [{ path: 'i', message: wrong.message }]);
    });
  });
});
