// What a query may ask, beyond who is asking. Introspection in production (GRAPHIQL=false, as the test
// API runs) is for callers who are signed in, people and API keys. The cost limit agrees with the
// schema's bounds: the largest legitimate selection of every list field with a `first` argument, at
// its largest page, is answered; an abusive query (the largest pages nested or repeated) is refused.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../api/auth/api-keys.js';
import { startTestApi, type TestApi } from './support/api.js';
import { startTestSystem, type TestSystem } from './support/system.js';

describe('query limits', () => {
  let sys: TestSystem;
  let api: TestApi;
  let admin: string;
  let erin: string;

  before(async () => {
    sys = await startTestSystem({ worker: false });
    api = await startTestApi(sys);
    admin = await api.signIn('admin@example.com');
    erin = await api.signIn('erin.employee@example.com');
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  describe('introspection', () => {
    const documents = [
      '{ __schema { types { name } } }',
      '{ __type(name: "Ticket") { fields { name } } }',
      '{ ...Peek } fragment Peek on Query { __schema { queryType { name } } }',
      '{ __typename a: __schema { queryType { name } } }',
    ];

    it('refuses anonymous callers with a typed error and nothing of the schema', async () => {
      for (const query of documents) {
        const answer = await api.gql(query);
        assert.equal(answer.errors?.[0]?.extensions.code, 'UNAUTHENTICATED', `${query}: ${JSON.stringify(answer)}`);
        assert.equal(answer.errors[0]!.extensions.reason, 'INTROSPECTION_SIGNED_IN_ONLY');
        assert.ok(!JSON.stringify(answer).includes('Ticket"'), JSON.stringify(answer));
        assert.equal(answer.data ?? null, null);
      }
      const viaGet = await fetch(`${api.url}/graphql?query=${encodeURIComponent(documents[0]!)}`, {
        headers: { accept: 'application/json' },
      });
      const body = (await viaGet.json()) as { errors?: { extensions: { code: string } }[] };
      assert.equal(body.errors?.[0]?.extensions.code, 'UNAUTHENTICATED', JSON.stringify(body));
    });

    it('answers people and API keys, and __typename to anyone', async () => {
      const adaId = (await sys.person('admin@example.com')).userId;
      const { secret } = await createApiKey(sys.db, adaId, {
        name: randomUUID(),
        processes: ['it-support'],
        signals: [],
        createTickets: false,
        readTickets: false,
      });
      for (const token of [erin, admin, secret]) {
        for (const query of documents) {
          const answer = await api.gql(query, {}, { token });
          assert.equal(answer.errors, undefined, `${query}: ${JSON.stringify(answer.errors)}`);
        }
      }
      assert.deepEqual((await api.gql('{ __typename }')).data, { __typename: 'Query' });
    });
  });
});
