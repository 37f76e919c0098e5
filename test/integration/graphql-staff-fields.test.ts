// Staff-only fields over GraphQL (a field's visibleTo and editableBy, as the samples set them): an
// employee's form, and that of a system submitting for requesters, has none of the staff's fields; a
// requester reads no field hidden from them (not in fields, fieldValues, fieldDefinitions or the
// timeline) while staff read them all; a field the caller may not set, on createTicket,
// setTicketFields or moveTicket, is BAD_USER_INPUT naming it by its label, and nothing changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../api/auth/api-keys.js';
import { failsWith, startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const FORMS = `{ ticketForms { process fields { key label staffOnly } } }`;
const CREATE = `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { number } }`;
const SET = `mutation ($n: String!, $f: JSON!) { setTicketFields(number: $n, fields: $f) { number version } }`;
const MOVE = `mutation ($n: String!, $t: String!, $to: String!, $f: JSON) {
  moveTicket(number: $n, transition: $t, toState: $to, fields: $f) { number state }
}`;
const READ = `query ($n: String!) {
  ticket(number: $n) { state version fields fieldValues fieldDefinitions { key staffOnly } timeline { kind fields } }
}`;

interface Forms {
  ticketForms: { process: string; fields: { key: string; label: string; staffOnly: boolean }[] }[];
}
interface Read {
  ticket: {
    state: string;
    version: number;
    fields: Record<string, unknown>;
    fieldValues: Record<string, unknown>;
    fieldDefinitions: { key: string; staffOnly: boolean }[];
    timeline: { kind: string; fields: Record<string, unknown> | null }[];
  };
}

/** The problems of a BAD_USER_INPUT answer, by path. */
function problemsOf(answer: GraphQLResponse): Record<string, string> {
  failsWith(answer, 'BAD_USER_INPUT');
  const problems = answer.errors![0]!.extensions!.problems as { path: string; message: string }[];
  return Object.fromEntries(problems.map((p) => [p.path.replace(/^(input\.)?fields\./, ''), p.message]));
}

describe('staff-only fields over GraphQL', () => {
  let sys: TestSystem;
  let api: TestApi;
  let erin: string;
  let sam: string;
  let erik: string;
  let carl: string;

  before(async () => {
    sys = await startTestSystem();
    api = await startTestApi(sys);
    const signIn = (name: string) => api.signIn(`${name}@example.com`);
    [erin, sam, erik, carl] = [
      await signIn('erin.employee'),
      await signIn('sam.agent'),
      await signIn('erik.engineer'),
      await signIn('carl.coordinator'),
    ];
  });
  after(async () => {
    await api.stop();
    await sys.stop();
  });

  const read = async (n: string, token: string) => {
    const answer = await api.gql<Read>(READ, { n }, { token });
    assert.ok(answer.data?.ticket, JSON.stringify(answer.errors));
    return answer.data.ticket;
  };
  const ticketCount = async () =>
    Number(
      (
        await sys.db
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function engineeringChange(): Promise<string> {
    const created = await api.gql<{ createTicket: { number: string } }>(
      CREATE,
      {
        input: {
          process: 'engineering-change',
          title: 'New bracket',
          fields: { drawing: 'CAD-7', part_number: 'BR-1', quantity: 4 },
        },
      },
      { token: erin },
    );
    assert.ok(created.data, JSON.stringify(created.errors));
    return created.data.createTicket.number;
  }

  it("lists on an employee's form only the fields they set, and the staff's fields to staff", async () => {
    const forms = async (token: string) => {
      const answer = await api.gql<Forms>(FORMS, {}, { token });
      assert.ok(answer.data, JSON.stringify(answer.errors));
      return new Map(answer.data.ticketForms.map((f) => [f.process, f.fields]));
    };
    const employee = await forms(erin);
    assert.deepEqual(
      employee.get('it-support')!.map((f) => f.key),
      ['category'],
    );
    assert.deepEqual(
      employee.get('customer-case')!.map((f) => f.key),
      ['account'],
    );
    assert.ok(
      [...employee.values()].flat().every((f) => !f.staffOnly),
      'no staff field on an employee form',
    );
    const staff = await forms(sam);
    assert.deepEqual(
      staff.get('it-support')!.map((f) => [f.key, f.staffOnly]),
      [
        ['category', false],
        ['question', true],
        ['resolution', true],
      ],
    );
  });

  it('refuses a create with a field the requester may not set, by its label, and creates nothing', async () => {
    const before = await ticketCount();
    const answer = await api.gql(
      CREATE,
      {
        input: {
          process: 'it-support',
          title: 'Printer',
          fields: { category: 'hardware', resolution: 'Fixed it myself' },
        },
      },
      { token: erin },
    );
    assert.deepEqual(problemsOf(answer), { resolution: 'Resolution is set by agents, coordinators and admins only' });
    assert.equal(await ticketCount(), before, 'no ticket, no number used');
  });

  it('treats a system submitting for a requester as the requester: its form and its create', async () => {
    const adminId = (await sys.person('admin@example.com')).userId;
    const { secret } = await createApiKey(sys.db, adminId, {
      name: 'mail-ingest',
      processes: ['it-support'],
      signals: [],
      createTickets: true,
      readTickets: false,
    });
    const forms = await api.gql<Forms>(FORMS, {}, { token: secret });
    assert.ok(forms.data, JSON.stringify(forms.errors));
    assert.deepEqual(
      forms.data.ticketForms.map((f) => [f.process, f.fields.map((field) => field.key)]),
      [['it-support', ['category']]],
    );
    const before = await ticketCount();
    const answer = await api.gql(
      CREATE,
      {
        input: {
          process: 'it-support',
          title: 'From a mail',
          requester: { name: 'Pat', email: 'pat@example.com' },
          fields: { category: 'other', question: 'Is it on?' },
        },
      },
      { token: secret },
    );
    assert.deepEqual(problemsOf(answer), {
      question: 'Question to the requester is set by agents, coordinators and admins only',
    });
    assert.equal(await ticketCount(), before);
  });

  it('shows the requester no field hidden from them, where staff see it', async () => {
    const n = await engineeringChange();
    const set = await api.gql(SET, { n, f: { order_id: 'PO-77', drawing_revision: 'C' } }, { token: carl });
    assert.ok(set.data, JSON.stringify(set.errors));
    await api.gql(SET, { n, f: { order_id: 'PO-78' } }, { token: carl });

    const staff = await read(n, carl);
    assert.equal(staff.fields.order_id, 'PO-78');
    assert.equal(staff.fieldValues.order_id, 'PO-78');
    assert.equal(staff.timeline.filter((e) => e.kind === 'fields_set' && e.fields?.order_id).length, 2);

    assert.deepEqual(
      staff.fieldDefinitions.filter((f) => f.staffOnly).map((f) => f.key),
      ['drawing_link', 'drawing_revision', 'order_id', 'reason'],
    );

    const requester = await read(n, erin);
    assert.deepEqual(
      requester.fieldDefinitions.map((f) => f.key),
      ['drawing', 'part_number', 'quantity', 'drawing_link', 'drawing_revision', 'reason'],
      'the labels of what they read: no order id',
    );
    assert.equal(requester.fields.order_id, undefined);
    // In lists too, where whom the reader counts as is found once for the request's tickets.
    const LIST = `{ tickets(first: 50) { nodes { number fields } } }`;
    const listed = async (token: string) => {
      const answer = await api.gql<{ tickets: { nodes: { number: string; fields: Record<string, unknown> }[] } }>(
        LIST,
        {},
        { token },
      );
      assert.ok(answer.data, JSON.stringify(answer.errors));
      return answer.data.tickets.nodes.find((t) => t.number === n)!.fields;
    };
    assert.equal((await listed(erin)).order_id, undefined);
    assert.equal((await listed(carl)).order_id, 'PO-78');
    assert.equal(requester.fieldValues.order_id, undefined);
    assert.equal(requester.fields.drawing_revision, 'C', 'a field visible to everyone stays');
    assert.ok(
      requester.timeline.every((e) => e.fields === null || !('order_id' in e.fields)),
      JSON.stringify(requester.timeline),
    );
    // The change of order_id alone is not theirs to see; the one with a visible field shows that field.
    const sets = requester.timeline.filter((e) => e.kind === 'fields_set');
    assert.deepEqual(
      sets.map((e) => e.fields),
      [{ drawing_revision: 'C' }],
    );
  });

  it('refuses a field change by a role the field does not name, by its label, and changes nothing', async () => {
    const n = await engineeringChange();
    const { version } = await sys.tickets.settle(n);
    const answer = await api.gql(SET, { n, f: { order_id: 'PO-1', drawing_revision: 'B' } }, { token: erik });
    assert.deepEqual(problemsOf(answer), { order_id: 'ERP order id is set by coordinators and admins only' });
    const after = await read(n, carl);
    assert.equal(after.version, version, 'nothing changed');
    assert.equal(after.fields.order_id, undefined);
    assert.equal(after.fields.drawing_revision, undefined);
  });

  it("refuses the requester's move that sets a staff field, by its label, and the ticket stays", async () => {
    const created = await api.gql<{ createTicket: { number: string } }>(
      CREATE,
      { input: { process: 'it-support', title: 'Mouse', fields: { category: 'hardware' } } },
      { token: erin },
    );
    assert.ok(created.data, JSON.stringify(created.errors));
    const n = created.data.createTicket.number;
    const answer = await api.gql(
      MOVE,
      { n, t: 'withdraw', to: 'withdrawn', f: { resolution: 'Never mind', question: 'Why?' } },
      { token: erin },
    );
    assert.deepEqual(problemsOf(answer), {
      resolution: 'Resolution is set by agents, coordinators and admins only',
      question: 'Question to the requester is set by agents, coordinators and admins only',
    });
    const after = await read(n, sam);
    assert.equal(after.state, 'new');
    assert.equal(after.fields.resolution, undefined);
    // Staff set it in their own move.
    const started = await api.gql(MOVE, { n, t: 'start', to: 'in_progress' }, { token: sam });
    assert.ok(started.data, JSON.stringify(started.errors));
    const resolved = await api.gql(
      MOVE,
      { n, t: 'resolve', to: 'resolved', f: { resolution: 'Cleaned it' } },
      { token: sam },
    );
    assert.ok(resolved.data, JSON.stringify(resolved.errors));
    assert.equal((await read(n, erin)).fieldValues.resolution, 'Cleaned it', 'visible to the requester');
  });
});
