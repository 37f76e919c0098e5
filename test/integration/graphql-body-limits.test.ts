// The request size limit of /graphql holds for every way a request comes in: each content type yoga
// reads (JSON and its GraphQL variant, application/graphql, form-encoded, anything else) and a GET's
// query string. Over it: 413 with a JSON body whose error carries a code. Uploads keep their own
// limit (test/integration/graphql-attachments.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

/** A document of `bytes` bytes that is valid GraphQL: a query with a long comment. */
const documentOf = (bytes: number) => `{ __typename }\n#${'x'.repeat(bytes)}`;
const OVER = 1024 * 1024 + 1024;

describe('request size limits', () => {
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

  const post = (contentType: string, body: string) =>
    fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-graphql-csrf': '1' },
      body,
    });

  async function refusedAsTooLarge(response: Response, what: string) {
    const text = await response.text();
    assert.equal(response.status, 413, `${what}: ${response.status} ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string; reason: string } }[] };
    assert.equal(body.errors[0]!.extensions.code, 'BAD_USER_INPUT', what);
    assert.equal(body.errors[0]!.extensions.reason, 'REQUEST_TOO_LARGE', what);
  }

  const bodies: [string, (bytes: number) => string][] = [
    ['application/json', (n) => JSON.stringify({ query: documentOf(n) })],
    ['application/graphql+json', (n) => JSON.stringify({ query: documentOf(n) })],
    ['application/json; charset=utf-8', (n) => JSON.stringify({ query: documentOf(n) })],
    ['application/graphql', (n) => documentOf(n)],
    ['application/x-www-form-urlencoded', (n) => new URLSearchParams({ query: documentOf(n) }).toString()],
    ['text/plain', (n) => JSON.stringify({ query: documentOf(n) })],
  ];

  for (const [contentType, body] of bodies) {
    it(`refuses a ${contentType} body over 1 MiB with 413 and a code`, async () => {
      await refusedAsTooLarge(await post(contentType, body(OVER)), contentType);
    });
  }

  it('still answers bodies under the limit, whatever their content type', async () => {
    for (const [contentType, body] of bodies.slice(0, 5)) {
      const response = await post(contentType, body(512 * 1024));
      const text = await response.text();
      assert.equal(response.status, 200, `${contentType}: ${text.slice(0, 300)}`);
      assert.deepEqual(JSON.parse(text), { data: { __typename: 'Query' } }, contentType);
    }
  });

  it('bounds a GET query string too: 413 with a code, or refused by the server before it is read', async () => {
    const url = `${api.url}/graphql?query=${encodeURIComponent(documentOf(OVER))}`;
    const response = await fetch(url);
    // Node refuses request heads over 16 KiB (431) before any handler runs; were that raised, the
    // body limit would still hold.
    if (response.status !== 431) await refusedAsTooLarge(response, 'GET');
  });
});
