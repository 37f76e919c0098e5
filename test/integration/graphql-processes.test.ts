// Process definitions over GraphQL on real servers: staff read published versions, admins validate
// (every problem with its exact path, never an error for a bad definition), save drafts that may be
// invalid, and publish them (refused with the problems' paths while invalid; audited once published).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadSampleProcess } from '../../platform/processes/samples.js';
import { ruleEvents } from '../../workflows/process/vocabulary.js';
import { startTestApi, type TestApi, failsWith } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

type Definition = Record<string, unknown> & { states: { category: string }[]; transitions: { from: string[] }[] };

/** The it-support sample as a new process of its own, with two mistakes three problems follow from. */
function brokenDefinition(): Definition {
  const definition = structuredClone(loadSampleProcess('it-support')) as Definition;
  definition.key = 'gql-demo';
  definition.ticketPrefix = 'GQD';
  definition.states[2]!.category = 'bogus';
  definition.transitions[1]!.from[0] = 'ghost';
  return definition;
}
const brokenPaths = ['states[2].category', 'transitions[1].from[0]', 'states[2]'];

describe('process definitions over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let ada: string;
  let sam: string;

  before(async () => {
    sys = await startTestSystem({ worker: false });
    api = await startTestApi(sys);
    ada = await api.signIn('admin@example.com');
    sam = await api.signIn('sam.agent@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  it('lets staff read every process and a version of one, the latest when none is named', async () => {
    const list = await api.gql<{
      processDefinitions: { key: string; latestVersion: number; hasDraft: boolean; versions: { version: number }[] }[];
    }>('{ processDefinitions { key latestVersion hasDraft versions { version } } }', {}, { token: sam });
    const itSupport = list.data!.processDefinitions.find((p) => p.key === 'it-support');
    assert.deepEqual(itSupport, { key: 'it-support', latestVersion: 1, hasDraft: false, versions: [{ version: 1 }] });

    const QUERY = `query ($k: String!, $v: Int) { processDefinition(key: $k, version: $v) { key version publishedAt definition } }`;
    const latest = await api.gql<{ processDefinition: { version: number; definition: { states: { key: string }[] } } }>(
      QUERY,
      { k: 'it-support' },
      { token: sam },
    );
    assert.equal(latest.data!.processDefinition.version, 1);
    assert.equal(latest.data!.processDefinition.definition.states[0]!.key, 'new');
    // Its keys in the schema's order (format, key, name, …; in each state key, label, category, …), as
    // the sample is written: not in Postgres jsonb's order (shortest key first: key, name, …, format).
    assert.equal(
      JSON.stringify(latest.data!.processDefinition.definition),
      JSON.stringify(loadSampleProcess('it-support')),
    );
    const missing = await api.gql(QUERY, { k: 'it-support', v: 7 }, { token: sam });
    assert.deepEqual(missing.data, { processDefinition: null });
  });

  it('answers the JSON Schema of a definition for the editor', async () => {
    const result = await api.gql<{ processDefinitionSchema: Record<string, unknown> & { properties: object } }>(
      '{ processDefinitionSchema }',
      {},
      { token: ada },
    );
    const schema = result.data!.processDefinitionSchema;
    assert.match(String(schema.$schema), /json-schema\.org/);
    assert.equal(schema.type, 'object');
    assert.ok(
      'states' in schema.properties && 'transitions' in schema.properties,
      Object.keys(schema.properties).join(),
    );
    assert.ok((schema.required as string[]).includes('states'));
    const rules = (
      schema.properties as Record<string, { items?: { properties?: Record<string, { enum?: string[] }> } }>
    ).notifications;
    assert.deepEqual(rules?.items?.properties?.on?.enum, [...ruleEvents]);
  });

  it('validates with every problem at its path, without an error, and saves nothing', async () => {
    const VALIDATE = `mutation ($d: JSON!) { validateProcessDefinition(definition: $d) { ok problems { path message } } }`;
    const bad = await api.gql<{
      validateProcessDefinition: { ok: boolean; problems: { path: string; message: string }[] };
    }>(VALIDATE, { d: brokenDefinition() }, { token: ada });
    assert.equal(bad.errors, undefined);
    assert.equal(bad.data!.validateProcessDefinition.ok, false);
    assert.deepEqual(
      bad.data!.validateProcessDefinition.problems.map((p) => p.path),
      brokenPaths,
    );
    assert.match(bad.data!.validateProcessDefinition.problems[1]!.message, /unknown state "ghost"/);

    const notEvenAnObject = await api.gql<{ validateProcessDefinition: { ok: boolean; problems: unknown[] } }>(
      VALIDATE,
      { d: 'a string' },
      { token: ada },
    );
    assert.equal(notEvenAnObject.data!.validateProcessDefinition.ok, false);
    assert.ok(notEvenAnObject.data!.validateProcessDefinition.problems.length > 0);

    const good = { ...(loadSampleProcess('it-support') as object), key: 'gql-other', ticketPrefix: 'GQO' };
    const ok = await api.gql(VALIDATE, { d: good }, { token: ada });
    assert.deepEqual(ok.data, { validateProcessDefinition: { ok: true, problems: [] } });
    const drafts = await sys.db.selectFrom('process_drafts').select('key').where('key', '=', 'gql-other').execute();
    assert.deepEqual(drafts, []);
  });

  it('saves an invalid draft, refuses to publish it with the paths, then publishes it fixed, audited', async () => {
    const SAVE = `mutation ($d: JSON!) { saveProcessDraft(definition: $d) { key definition problems { path } } }`;
    const PUBLISH = `mutation ($k: String!) { publishProcessDefinition(key: $k) { key version definition } }`;
    const draft = brokenDefinition();
    const saved = await api.gql<{
      saveProcessDraft: { key: string; definition: Definition; problems: { path: string }[] };
    }>(SAVE, { d: draft }, { token: ada });
    assert.equal(saved.data!.saveProcessDraft.key, 'gql-demo');
    assert.equal(JSON.stringify(saved.data!.saveProcessDraft.definition), JSON.stringify(draft), 'in schema order');
    assert.deepEqual(
      saved.data!.saveProcessDraft.problems.map((p) => p.path),
      brokenPaths,
    );
    const read = await api.gql<{ processDraft: { problems: { path: string }[] } }>(
      '{ processDraft(key: "gql-demo") { problems { path } } }',
      {},
      { token: ada },
    );
    assert.deepEqual(
      read.data!.processDraft.problems.map((p) => p.path),
      brokenPaths,
    );

    const refused = failsWith(await api.gql(PUBLISH, { k: 'gql-demo' }, { token: ada }), 'BAD_USER_INPUT');
    assert.deepEqual(refused.extensions.fields, brokenPaths);
    assert.deepEqual(
      await sys.db.selectFrom('process_versions').select('version').where('key', '=', 'gql-demo').execute(),
      [],
    );

    failsWith(await api.gql(PUBLISH, { k: 'no-such-process' }, { token: ada }), 'NOT_FOUND');
    const keyless = failsWith(await api.gql(SAVE, { d: { name: 'No key' } }, { token: ada }), 'BAD_USER_INPUT');
    assert.deepEqual(keyless.extensions.fields, ['key']);

    const fixed = { ...(loadSampleProcess('it-support') as object), key: 'gql-demo', ticketPrefix: 'GQD' };
    const resaved = await api.gql<{ saveProcessDraft: { problems: unknown[] } }>(SAVE, { d: fixed }, { token: ada });
    assert.deepEqual(resaved.data!.saveProcessDraft.problems, []);
    const published = await api.gql<{ publishProcessDefinition: { key: string; version: number; definition: object } }>(
      PUBLISH,
      { k: 'gql-demo' },
      { token: ada },
    );
    assert.equal(published.data!.publishProcessDefinition.version, 1, JSON.stringify(published.errors));
    assert.deepEqual(published.data!.publishProcessDefinition.definition, fixed);

    const adaId = (await sys.person('admin@example.com')).userId;
    const audit = await sys.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'details'])
      .where('subject', '=', 'process:gql-demo')
      .execute();
    assert.deepEqual(audit, [{ actor: adaId, action: 'process.published', details: { version: 1 } }]);

    const list = await api.gql<{ processDefinitions: { key: string; latestVersion: number; hasDraft: boolean }[] }>(
      '{ processDefinitions { key latestVersion hasDraft } }',
      {},
      { token: sam },
    );
    assert.deepEqual(
      list.data!.processDefinitions.find((p) => p.key === 'gql-demo'),
      { key: 'gql-demo', latestVersion: 1, hasDraft: false },
    );
  });

  it('starts a new process from a template that can be published, refusing a bad or taken key', async () => {
    const CREATE = `mutation ($k: String!, $n: String!) { createProcessDraft(key: $k, name: $n) { key definition problems { path } } }`;
    const created = await api.gql<{
      createProcessDraft: { key: string; definition: Definition & { name: string }; problems: unknown[] };
    }>(CREATE, { k: 'facilities', n: '  Facilities requests ' }, { token: ada });
    const draft = created.data?.createProcessDraft;
    assert.equal(draft?.key, 'facilities', JSON.stringify(created.errors));
    assert.equal(draft.definition.name, 'Facilities requests');
    assert.deepEqual(draft.problems, [], 'the template can be published as it is');
    assert.deepEqual(Object.keys(draft.definition).slice(0, 3), ['format', 'key', 'name']);

    const taken = failsWith(await api.gql(CREATE, { k: 'facilities', n: 'Again' }, { token: ada }), 'CONFLICT');
    assert.equal(taken.extensions.reason, 'PROCESS_EXISTS');
    failsWith(await api.gql(CREATE, { k: 'it-support', n: 'Published already' }, { token: ada }), 'CONFLICT');
    const badKey = failsWith(await api.gql(CREATE, { k: 'Not A Key', n: 'Bad' }, { token: ada }), 'BAD_USER_INPUT');
    assert.deepEqual(badKey.extensions.fields, ['key']);
    const noName = failsWith(await api.gql(CREATE, { k: 'nameless', n: '   ' }, { token: ada }), 'BAD_USER_INPUT');
    assert.deepEqual(noName.extensions.fields, ['name']);
    assert.equal(
      (await sys.db.selectFrom('process_drafts').select('key').where('key', 'in', ['nameless']).execute()).length,
      0,
    );

    const published = await api.gql<{ publishProcessDefinition: { version: number } }>(
      'mutation { publishProcessDefinition(key: "facilities") { version } }',
      {},
      { token: ada },
    );
    assert.deepEqual(published.data, { publishProcessDefinition: { version: 1 } }, JSON.stringify(published.errors));
  });
});
