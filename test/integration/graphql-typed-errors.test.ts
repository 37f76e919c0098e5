// Every failure that reaches a client is typed: `INTERNAL_SERVER_ERROR` (a masked error) is for bugs
// only. Text Postgres cannot store in any argument, JSON nested too deep, a GET whose variables are not
// JSON, a body of a type the endpoint does not take, and Postgres going away in the middle of a request
// each answer with a code of the fixed set (docs/api.md, "Errors"), found by a schemathesis run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../api/auth/api-keys.js';
import { failsWith, startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

type Auth = { token?: string };

describe('typed failures over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let ada: string;
  let erin: string;
  let apiKey: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    ada = await api.signIn('admin@example.com');
    erin = await api.signIn('erin.employee@example.com');
    const adminId = (await sys.person('admin@example.com')).userId;
    const scope = { name: 'typed', processes: ['it-support'], signals: ['requester.replied'] };
    apiKey = (await createApiKey(sys.db, adminId, { ...scope, createTickets: true, readTickets: true })).secret;
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  /** A POST of a body as it is (JSON made by hand: some bodies here JSON.stringify cannot make). */
  const post = async (body: string, auth: Auth = {}, contentType = 'application/json') => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(auth.token && { authorization: `Bearer ${auth.token}` }) },
      body,
    });
    return answer(response);
  };
  const answer = async (response: Response): Promise<GraphQLResponse> => {
    const text = await response.text();
    let body: Omit<GraphQLResponse, 'status' | 'headers'>;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      assert.fail(`${response.status} answered a body that is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
    }
    return { status: response.status, headers: response.headers, ...body };
  };

  // Paths as resolvers name their input: the argument, `input` left out (`title`, `fields.note`, `number`).
  it('refuses U+0000 and lone surrogates in every string argument, with its path', async () => {
    const cases: [query: string, variables: Record<string, unknown>, token: string, field: string | null][] = [
      ['query ($n: String!) { ticket(number: $n) { number } }', { n: 'T-\u0000' }, erin, 'number'],
      ['query ($k: String!) { processDefinition(key: $k) { key } }', { k: 'it\u0000' }, ada, 'key'],
      ['query ($k: String!) { processDraft(key: $k) { key } }', { k: '\u0000' }, ada, 'key'],
      ['mutation ($k: String!) { retireProcess(key: $k) { key } }', { k: 'x\u0000' }, ada, 'key'],
      [
        'mutation ($e: String!) { login(email: $e, password: "x") { accessToken } }',
        { e: 'a\u0000@b.c' },
        ada,
        'email',
      ],
      ['query ($n: String!) { ticket(number: $n) { number } }', { n: 'T-\ud800' }, apiKey, 'number'],
      // Nested: in an input object's list, and in a JSON scalar (an object key too).
      [
        'mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }',
        { i: { name: 'k', processes: ['it-support', 'x\u0000'], signals: [] } },
        ada,
        'processes[1]',
      ],
      [
        'mutation ($f: JSON) { moveTicket(number: "T-1", toState: "x", fields: $f) { state } }',
        { f: { deep: [{ ['\udc00']: 1 }] } },
        ada,
        'fields.deep[0]',
      ],
      // A variable's default, and a variable inside a literal.
      ['query ($n: String = "T-\\u0000") { ticket(number: $n) { number } }', {}, erin, 'number'],
      [
        'mutation ($p: String!) { createApiKey(input: { name: "k", processes: [$p], signals: [] }) { secret } }',
        { p: '\u0000' },
        ada,
        'processes[0]',
      ],
      // Literals in the query text, not variables.
      ['{ ticket(number: "T-\\u0000") { number } }', {}, erin, 'number'],
      // graphql-js refuses a lone surrogate in the query text itself, escaped or not: a syntax error.
      ['{ processDefinition(key: "\\ud800x") { key } }', {}, ada, null],
      ['{ processDefinition(key: "\ud800x") { key } }', {}, ada, null],
      [
        'mutation { moveTicket(number: "T-1", toState: "x", fields: { a: ["\\u0000"] }) { state } }',
        {},
        ada,
        'fields.a[0]',
      ],
    ];
    for (const [query, variables, token, field] of cases) {
      const result = await api.gql(query, variables, { token });
      const error = failsWith(result, 'BAD_USER_INPUT');
      if (field)
        assert.ok((error.extensions.fields as string[] | undefined)?.includes(field), JSON.stringify(result.errors));
    }
  });

  it('refuses JSON nested too deep, in variables and in the query text', async () => {
    const nested = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
    const deepLists = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const operations: [query: string, variable: string, token: string][] = [
      ['mutation ($v: JSON) { moveTicket(number: "T-1", toState: "x", fields: $v) { state } }', 'v', ada],
      [
        'mutation ($v: JSON) { signalTicket(number: "T-1", signal: "requester.replied", payload: $v, idempotencyKey: "k") { accepted } }',
        'v',
        apiKey,
      ],
      ['mutation ($v: JSON!) { saveProcessDraft(definition: $v) { key } }', 'v', ada],
      ['mutation ($v: JSON!) { validateProcessDefinition(definition: $v) { ok } }', 'v', ada],
    ];
    for (const [query, variable, token] of operations)
      for (const value of [nested(50_000), deepLists(100_000)]) {
        const result = await post(`{"query":${JSON.stringify(query)},"variables":{"${variable}":${value}}}`, { token });
        failsWith(result, 'BAD_USER_INPUT');
      }
    for (const depth of [500, 999, 2000, 20_000]) {
      const query = `mutation { moveTicket(number: "T-1", toState: "x", fields: ${deepLists(depth)}) { state } }`;
      failsWith(await api.gql(query, {}, { token: ada }), 'BAD_USER_INPUT');
      const objects = `mutation { moveTicket(number: "T-1", toState: "x", fields: ${'{a:'.repeat(depth)}1${'}'.repeat(depth)}) { state } }`;
      failsWith(await api.gql(objects, {}, { token: ada }), 'BAD_USER_INPUT');
    }
  });

  it('answers a GET whose variables or extensions are not JSON with a code', async () => {
    const cases: [name: string, value: string][] = [
      ['variables', '{not json'],
      ['extensions', '{not json'],
      ['variables', '"a string"'],
      ['variables', '[1]'],
    ];
    for (const [name, value] of cases) {
      const params = new URLSearchParams({ query: '{ me { email } }', [name]: value });
      const result = await answer(await fetch(`${api.url}/graphql?${params}`));
      const error = failsWith(result, 'BAD_USER_INPUT');
      assert.ok(result.status >= 400 && result.status < 500, `${name}=${value}: ${result.status}`);
      assert.doesNotMatch(error.message, /Unexpected error/);
    }
  });

  it('answers every non-GraphQL failure of the endpoint with a JSON body and a code', async () => {
    const query = JSON.stringify({ query: '{ me { email } }' });
    const cases: [init: RequestInit, status: number][] = [
      [{ method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<q/>' }, 415],
      // A form's content type without the CSRF header is refused first (api/graphql/csrf.ts).
      [{ method: 'POST', headers: { 'content-type': 'text/plain' }, body: query }, 403],
      [{ method: 'POST', headers: { 'content-type': 'text/plain', 'x-graphql-csrf': '1' }, body: query }, 415],
      [{ method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: query }, 415],
      [{ method: 'POST', headers: { 'content-type': 'text/xml', 'x-graphql-csrf': '1' }, body: query }, 415],
      [{ method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: query }, 415],
      [{ method: 'PUT', headers: { 'content-type': 'application/json' }, body: query }, 405],
      [{ method: 'DELETE' }, 405],
      [{ method: 'PATCH', headers: { 'content-type': 'application/json' }, body: query }, 405],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' }, 400],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '"just a string"' }, 400],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' }, 400],
      // No query: a request error, which yoga answers 200 under application/json (GraphQL over HTTP).
      [{ method: 'GET' }, 200],
    ];
    // A multipart request whose operations or map are not JSON (with the CSRF header): yoga's own
    // request error, answered 200 under application/json like a GET without a query.
    for (const [operations, map] of [
      ['{not json', '{}'],
      [query, '{not json'],
    ]) {
      const form = new FormData();
      form.append('operations', operations!);
      form.append('map', map!);
      cases.push([{ method: 'POST', headers: { 'x-graphql-csrf': '1' }, body: form }, 200]);
    }
    for (const [init, status] of cases) {
      const result = await answer(await fetch(`${api.url}/graphql`, init));
      const what = `${init.method} ${JSON.stringify(init.headers ?? {})}`;
      assert.equal(result.status, status, `${what}: ${JSON.stringify(result.errors)}`);
      assert.ok(result.errors?.[0]?.extensions?.code, `${what}: ${JSON.stringify(result)}`);
      assert.notEqual(result.errors[0].extensions.code, 'INTERNAL_SERVER_ERROR', what);
    }
    // JSON bodies of the wrong shape: whatever the status yoga gives them, a code.
    for (const body of [
      '{"query": 5}',
      '{"query": "{ me { email } }", "variables": "x"}',
      '{"query": "{ me { email } }", "extensions": "x"}',
      '{"query": "{ me { email } }", "operationName": 5}',
    ]) {
      const result = await post(body, { token: erin });
      assert.ok(result.errors?.[0]?.extensions?.code, `${body}: ${JSON.stringify(result)}`);
      assert.notEqual(result.errors[0].extensions.code, 'INTERNAL_SERVER_ERROR', body);
    }
    // A path under the endpoint that yoga does not serve.
    const elsewhere = await answer(await fetch(`${api.url}/graphql/nothing-here`));
    assert.equal(elsewhere.status, 404);
    assert.equal(elsewhere.errors?.[0]?.extensions.code, 'NOT_FOUND');
    // Each says what is wrong: a body in another charset is not "not valid JSON".
    const latin1 = await answer(
      await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: query,
      }),
    );
    assert.match(latin1.errors?.[0]?.message ?? '', /UTF-8/);
  });

  it('answers UNAVAILABLE, never a masked error, when Postgres ends connections mid-request', async () => {
    const database = new URL(sys.url).pathname.slice(1);
    const killer = new pg.Client({ connectionString: sys.url });
    await killer.connect();
    const codes = new Map<string, number>();
    let stop = false;
    const kill = (async () => {
      while (!stop) {
        await killer.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        );
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const operations: [string, Record<string, unknown>, string][] = [
      ['{ tickets(first: 5) { nodes { number } } }', {}, erin],
      ['{ processDefinitions { key } }', {}, ada],
      ['{ auditLog(first: 5) { nodes { id } } }', {}, ada],
      [
        'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
        { i: { process: 'it-support', title: 'Lost', fields: { category: 'hardware' } } },
        erin,
      ],
      ['{ tickets(first: 5) { nodes { number } } }', {}, apiKey],
    ];
    const deadline = Date.now() + 4000;
    await Promise.all(
      operations.map(async ([query, variables, token]) => {
        while (Date.now() < deadline) {
          const result = await api.gql(query, variables, { token });
          for (const error of result.errors ?? []) {
            const reason = typeof error.extensions.reason === 'string' ? `/${error.extensions.reason}` : '';
            const code = error.message === 'Unexpected error.' ? 'masked' : `${error.extensions.code}${reason}`;
            codes.set(code, (codes.get(code) ?? 0) + 1);
          }
        }
      }),
    );
    stop = true;
    await kill;
    await killer.end();
    console.log('codes while Postgres ended connections:', Object.fromEntries(codes));
    assert.equal(codes.get('INTERNAL_SERVER_ERROR') ?? 0, 0, JSON.stringify(Object.fromEntries(codes)));
    assert.equal(codes.get('masked') ?? 0, 0);
    // Not only the sign-in check (ACCOUNT_CHECK_FAILED): resolvers met connections ended too.
    assert.ok((codes.get('UNAVAILABLE/DATABASE_UNAVAILABLE') ?? 0) > 0, 'resolvers met a connection ended');
    // And the pool goes on with new connections.
    assert.ok((await api.gql('{ me { email } }', {}, { token: erin })).data);
  });
});
