// The new ticket form's starting process over GraphQL (ticketForms.preferred), on real servers: the
// process of most of the person's own tickets, else the first process of their groups, else the first
// form; exactly one form is preferred for a person, none for an API key.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const FORMS = '{ ticketForms { process preferred } }';
const CREATE = 'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }';

type Forms = { ticketForms: { process: string; preferred: boolean }[] };

describe('the form a new ticket starts on', () => {
  let sys: TestSystem;
  let api: TestApi;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const preferred = async (token: string) => {
    const result = await api.gql<Forms>(FORMS, {}, { token });
    assert.ok(result.data, JSON.stringify(result.errors));
    const forms = result.data.ticketForms;
    const chosen = forms.filter((f) => f.preferred).map((f) => f.process);
    assert.equal(chosen.length, 1, `one preferred form: ${JSON.stringify(forms)}`);
    return { chosen: chosen[0], first: forms[0]!.process };
  };

  it('is the first form for someone with neither tickets nor groups', async () => {
    const eli = await api.signIn('eli.employee@example.com');
    const { chosen, first } = await preferred(eli);
    assert.equal(chosen, first);
  });

  it("is the first process of the person's groups when they have no tickets of their own", async () => {
    assert.equal((await preferred(await api.signIn('erik.engineer@example.com'))).chosen, 'engineering-change');
    assert.equal((await preferred(await api.signIn('tia.support@example.com'))).chosen, 'customer-case');
  });

  it('is the process of most of their own tickets, ahead of their groups', async () => {
    const erin = await api.signIn('erin.employee@example.com');
    const submit = async (process: string, fields: Record<string, unknown>) => {
      const result = await api.gql(CREATE, { i: { process, title: `To ${process}`, fields } }, { token: erin });
      assert.ok(!result.errors, JSON.stringify(result.errors));
    };
    await submit('it-support', { category: 'hardware' });
    assert.equal((await preferred(erin)).chosen, 'it-support');
    const forms = (await api.gql<Forms>(FORMS, {}, { token: erin })).data!.ticketForms;
    const other = forms.find((f) => f.process !== 'it-support')!.process;
    const required = await sys.db
      .selectFrom('process_versions')
      .select('definition')
      .where('key', '=', other)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const fields = Object.fromEntries(
      (
        required.definition as { fields: { key: string; type: string; required?: boolean; options?: string[] }[] }
      ).fields
        .filter((f) => f.required)
        .map((f) => [f.key, f.type === 'enum' ? f.options![0] : f.type === 'number' ? 1 : 'x']),
    );
    await submit(other, fields);
    await submit(other, fields);
    assert.equal((await preferred(erin)).chosen, other);
  });
});
