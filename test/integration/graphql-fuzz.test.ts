// GraphQL fuzz: operations drawn from the schema (test/support/fuzz-operations.ts) with hostile
// arguments, sent as an admin, an employee and an API key. Every answer must carry a code of the fixed
// set: a masked internal error (`INTERNAL_SERVER_ERROR`, "Unexpected error.") is a bug, as is an answer
// without a JSON body and a code. The seed is fixed so that a failure comes back the same; the run
// stops after FUZZ_BUDGET_MS of wall time whatever it has left.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../api/auth/api-keys.js';
import { createTicketflowSchema } from '../../api/graphql/server.js';
import { startTestApi, submitTickets, type TestApi } from '../support/api.js';
import { fuzzOperations, type FuzzOperation } from '../support/fuzz-operations.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const SEED = 20261207;
/** Per identity: three of them, and the last request of each (at most 10 s, a change Temporal does
 * not answer), make less than a minute. */
const FUZZ_BUDGET_MS = 16_000;
const OPERATIONS = 1200;

interface Tally {
  sent: number;
  masked: number;
  /** Answers without a JSON body whose errors all have a code. */
  uncoded: number;
  examples: string[];
}

describe('GraphQL fuzz', () => {
  let sys: TestSystem;
  let api: TestApi;
  const identities = new Map<string, { token: string; renew?: () => Promise<string> }>();

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    const signIn = (email: string) => async () => api.signIn(email);
    identities.set('admin', { token: await api.signIn('admin@example.com'), renew: signIn('admin@example.com') });
    const erin = await api.signIn('erin.employee@example.com');
    identities.set('employee', { token: erin, renew: signIn('erin.employee@example.com') });
    const adminId = (await sys.person('admin@example.com')).userId;
    const scope = { name: 'fuzz', processes: ['it-support'], signals: ['requester.replied'] };
    const key = await createApiKey(sys.db, adminId, { ...scope, createTickets: true, readTickets: true });
    identities.set('API key', { token: key.secret });
    // A ticket to find: lookups by number then reach past "not found".
    await submitTickets(api, erin, [['Fuzz target']]);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  async function send(operation: FuzzOperation, token: string) {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: operation.body,
    });
    const text = await response.text();
    try {
      return {
        status: response.status,
        ...(JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] }),
      };
    } catch {
      return { status: response.status, notJson: text.slice(0, 200) };
    }
  }

  it('answers every drawn operation with a code, never a masked error', { timeout: 120_000 }, async () => {
    const schema = createTicketflowSchema();
    const operations = fuzzOperations(schema, SEED, OPERATIONS);
    const tallies = new Map<string, Tally>();
    for (const [name, identity] of identities) {
      const tally: Tally = { sent: 0, masked: 0, uncoded: 0, examples: [] };
      tallies.set(name, tally);
      const deadline = Date.now() + FUZZ_BUDGET_MS;
      for (const operation of operations) {
        if (Date.now() > deadline) break;
        const answer = await send(operation, identity.token);
        tally.sent++;
        const errors = 'errors' in answer ? (answer.errors ?? []) : [];
        const masked = errors.some(
          (e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.message.includes('Unexpected error'),
        );
        const uncoded =
          'notJson' in answer || (answer.status >= 400 && !errors.length) || errors.some((e) => !e.extensions?.code);
        if (masked) tally.masked++;
        if (uncoded) tally.uncoded++;
        if ((masked || uncoded) && tally.examples.length < 5)
          tally.examples.push(
            `${operation.field} → ${answer.status} ${JSON.stringify(answer).slice(0, 300)}: ${operation.body.slice(0, 300)}`,
          );
        // A person's sign-in the run itself ended (say, made inactive): signed in again to go on.
        if (identity.renew && errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
          const me = await api.gql('{ me { id } }', {}, { token: identity.token });
          if (!me.data) identity.token = await identity.renew();
        }
      }
    }
    const counts = Object.fromEntries(
      [...tallies].map(([name, t]) => [name, { sent: t.sent, masked: t.masked, uncoded: t.uncoded }]),
    );
    console.log('GraphQL fuzz (seed %d):', SEED, JSON.stringify(counts));
    for (const [name, t] of tallies) {
      assert.ok(t.sent >= 50, `${name}: only ${t.sent} operations sent within the budget`);
      assert.equal(t.masked, 0, `${name}: ${t.masked} masked errors in ${t.sent}, e.g.:\n${t.examples.join('\n')}`);
      assert.equal(
        t.uncoded,
        0,
        `${name}: ${t.uncoded} answers without a code in ${t.sent}, e.g.:\n${t.examples.join('\n')}`,
      );
    }
  });
});
