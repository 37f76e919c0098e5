// What a query may ask, beyond who is asking. Introspection in production (GRAPHIQL=false, as the test
// API runs) is for callers who are signed in, people and API keys. The cost limit agrees with the
// schema's bounds: the largest legitimate selection of every list field with a `first` argument, at
// its largest page, is answered; an abusive query (the largest pages nested or repeated) is refused.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../api/auth/api-keys.js';
import { MAX_DEPTH } from '../../api/graphql/cost.js';
import { PAGE_LIMITS } from '../../platform/page-limits.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { introspect, isRequired, namedType, selectionOf, type Introspected } from '../support/selections.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

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

    it('answers anyone in development (GRAPHIQL=true), for GraphiQL', async () => {
      const development = await startTestApi(sys, { graphiql: true });
      try {
        for (const query of documents) {
          const answer = await development.gql(query);
          assert.equal(answer.errors, undefined, `${query}: ${JSON.stringify(answer.errors)}`);
        }
      } finally {
        await development.stop();
      }
    });
  });

  describe('cost', () => {
    let schema: Introspected;
    before(async () => {
      schema = await introspect(api, admin);
    });

    /** The values of the required arguments of paged root fields (a board's process, search's words). */
    const REQUIRED_VALUES: Record<string, string> = { processKey: '"it-support"', query: '"printer"' };
    /** Arguments a selection needs: every page at its largest, and the required ones. */
    const args =
      (limit: (key: string) => number) => (type: string, field: { name: string; args: { name: string }[] }) => {
        const given = field.args.flatMap((a) =>
          a.name === 'first'
            ? [`first: ${limit(`${type}.${field.name}`)}`]
            : a.name in REQUIRED_VALUES
              ? [`${a.name}: ${REQUIRED_VALUES[a.name]}`]
              : [],
        );
        return given.length ? given.join(', ') : undefined;
      };
    const largestPage = (key: string) => (PAGE_LIMITS as Record<string, number>)[key]!;

    /** The root fields whose selections hold a page: those with `first`, and those above a field with one. */
    function pagedRoots(): string[] {
      const paged = [...schema.types].flatMap(([type, t]) =>
        (t.fields ?? []).filter((f) => f.args.some((a) => a.name === 'first')).map((f) => `${type}.${f.name}`),
      );
      assert.ok(paged.includes('BoardColumn.cards') && paged.includes('Query.tickets'), paged.join(', '));
      for (const key of paged) assert.ok(key in PAGE_LIMITS, `${key} has a page limit`);
      return paged.filter((key) => key.startsWith(`${schema.query}.`)).map((key) => key.split('.')[1]!);
    }

    /** The largest legitimate query of a root field: every field down to the depth limit, pages at their largest. */
    function largestQuery(name: string, limit = largestPage, alias = '') {
      const field = schema.types.get(schema.query)!.fields!.find((f) => f.name === name)!;
      assert.ok(!field.args.some((a) => isRequired(a) && !(a.name in REQUIRED_VALUES)), name);
      const selection = selectionOf(schema, namedType(field.type), { depth: MAX_DEPTH - 1, args: args(limit) });
      return `${alias}${name}(${args(limit)(schema.query, field)}) ${selection}`;
    }

    it('answers the largest legitimate selection of every list field with a first argument', async () => {
      const roots = pagedRoots();
      for (const name of roots) {
        const query = `{ ${largestQuery(name)} }`;
        const answer = await api.gql(query, {}, { token: admin });
        assert.equal(
          answer.errors,
          undefined,
          `${name} (${query.length} characters): ${JSON.stringify(answer.errors)}`,
        );
      }
      // The page limits are the fields' own: one more is refused by the field, not by cost.
      const over = await api.gql(`{ ${largestQuery('tickets', (key) => largestPage(key) + 1)} }`, {}, { token: admin });
      assert.equal(over.errors?.[0]?.extensions.code, 'BAD_USER_INPUT', JSON.stringify(over.errors));
      assert.notEqual(over.errors[0]!.extensions.reason, 'QUERY_TOO_COSTLY', JSON.stringify(over.errors));
    });

    it('refuses the largest pages repeated or nested, written out or passed as variables', async () => {
      // board(1) { columns(2) { cards(3) { …: the cards' fields start at the fourth level.
      const cards = `(first: 200) ${selectionOf(schema, 'TicketConnection', { depth: MAX_DEPTH - 3, args: args(largestPage) })}`;
      const abusive = [
        `{ ${largestQuery('tickets', largestPage, 'a: ')} ${largestQuery('tickets', largestPage, 'b: ')} ${largestQuery('tickets', largestPage, 'c: ')} }`,
        `{ board(processKey: "it-support", first: 200) { columns { a: cards${cards} b: cards${cards} c: cards${cards} } } }`,
      ];
      for (const query of abusive) {
        const answer = await api.gql(query, {}, { token: admin });
        assert.equal(answer.errors?.[0]?.extensions.reason, 'QUERY_TOO_COSTLY', JSON.stringify(answer.errors));
        assert.equal(answer.data ?? null, null);
      }
      const byVariables = `query ($n: Int) { ${['a', 'b', 'c']
        .map((alias) => largestQuery('tickets', largestPage, `${alias}: `).replace(/first: \d+/, 'first: $n'))
        .join(' ')} }`;
      const answer = await api.gql(byVariables, { n: 200 }, { token: admin });
      assert.equal(answer.errors?.[0]?.extensions.reason, 'QUERY_TOO_COSTLY', JSON.stringify(answer.errors));
    });
  });
});
