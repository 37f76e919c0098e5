// The chaos run's load: tickets created through the real GraphQL API and taken along their scripts
// (scripts.ts) by the people and the API key that would, a few dozen at a time. Every change carries
// an updateId or idempotency key and is sent again until answered (graphql.ts); a refusal after a
// lost answer is accepted only when the ticket is already where the change leads. What each ticket
// went through is kept for the audit: its number, and the step that was refused, if any.
import { DEMO_PASSWORD } from '../../api/seed.js';
import { createGql, OutOfTime, Refusal, type Gql } from './graphql.js';
import { ACTOR_EMAILS, newKey, scripts, SIGNALS, type Actor, type Script, type Step } from './scripts.js';

export interface Tracked {
  script: Script;
  /** The idempotency key of its create: finds the ticket even when the create's answer never came. */
  idempotencyKey: string;
  number?: string;
  stepsDone: number;
  /** Why its script stopped early. */
  failed?: string;
  /** Its script was stopped by the load's deadline, not by an answer: where it stands is not checked. */
  cutOff?: boolean;
  finished: boolean;
}

export interface Load {
  tickets: Tracked[];
  gql: Gql;
  /** Refusals accepted because the read model shows the ticket where the change leads (a lost answer). */
  lostAnswers: string[];
  /** Runs every script, starting them evenly over `spreadMs`; returns when all are done or at `deadline`. */
  run(spreadMs: number, deadline: number): Promise<void>;
}

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';
const CREATE = 'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }';
const MOVE = `mutation ($n: String!, $to: String!, $t: String, $f: JSON, $u: String) {
  moveTicket(number: $n, toState: $to, transition: $t, fields: $f, updateId: $u) { state } }`;
const SIGNAL = `mutation ($n: String!, $s: String!, $p: JSON, $k: String!) {
  signalTicket(number: $n, signal: $s, payload: $p, idempotencyKey: $k) { duplicate } }`;
const COMMENT =
  'mutation ($n: String!, $b: String!, $u: String) { addComment(number: $n, body: $b, updateId: $u) { state } }';
const READ = 'query ($n: String!) { ticket(number: $n) { state fieldValues } }';
const API_KEY = `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`;

const pause = (min: number, max: number) => new Promise((r) => setTimeout(r, min + Math.random() * (max - min)));

export async function prepareLoad(apiUrl: string, count: number, concurrency: number): Promise<Load> {
  const gql = createGql(apiUrl);
  const soon = () => Date.now() + 60_000;
  const tokens = new Map<Actor, string>();
  const signIn = async (email: string) =>
    (await gql.call<{ login: { accessToken: string } }>(LOGIN, { e: email, p: DEMO_PASSWORD }, undefined, soon())).login
      .accessToken;
  for (const [actor, email] of Object.entries(ACTOR_EMAILS)) tokens.set(actor as Actor, await signIn(email));
  const admin = await signIn('admin@example.com');
  const processes = ['it-support', 'customer-case', 'engineering-change'];
  const key = await gql.call<{ createApiKey: { secret: string } }>(
    API_KEY,
    { i: { name: 'chaos', processes, signals: SIGNALS } },
    admin,
    soon(),
  );
  tokens.set('system', key.createApiKey.secret);

  const load: Load = { tickets: [], gql, lostAnswers: [], run };
  load.tickets = scripts(count).map((script) => ({ script, idempotencyKey: newKey(), stepsDone: 0, finished: false }));

  const read = (number: string, deadline: number) =>
    gql.call<{ ticket: { state: string; fieldValues: Record<string, unknown> } }>(READ, { n: number }, admin, deadline);

  async function step(ticket: Tracked, number: string, s: Step, deadline: number): Promise<void> {
    if (s.kind === 'field') {
      const until = Math.min(deadline, Date.now() + s.ms);
      while (Date.now() < until && (await read(number, deadline)).ticket.fieldValues[s.key] === undefined)
        await pause(500, 500);
      return;
    }
    if (s.kind === 'state') {
      const until = Math.min(deadline, Date.now() + s.ms);
      while (Date.now() < until && !s.in.includes((await read(number, deadline)).ticket.state)) await pause(500, 500);
      return;
    }
    if (s.kind === 'signal') {
      const fields = (await read(number, deadline)).ticket.fieldValues;
      const variables = { n: number, s: s.name, p: s.payload(fields), k: newKey() };
      await answered(number, s.doneIn, `signal ${s.name}`, () =>
        gql.call(SIGNAL, variables, tokens.get('system'), deadline),
      );
      return;
    }
    if (s.kind === 'comment') {
      await gql.call(COMMENT, { n: number, b: s.body, u: newKey() }, tokens.get(s.as), deadline);
      return;
    }
    const doneIn = s.doneIn ?? [s.to];
    if (s.doneIn && doneIn.includes((await read(number, deadline)).ticket.state)) return;
    const variables = { n: number, to: s.to, t: s.transition, f: s.fields, u: newKey() };
    await answered(number, doneIn, `move to ${s.to}`, () => gql.call(MOVE, variables, tokens.get(s.as), deadline));
  }

  /**
   * A change sent again after a lost answer may be refused because its first try went through and the
   * ticket moved on: accepted when the read model shows it where the change leads, and noted.
   */
  async function answered(number: string, doneIn: string[], what: string, send: () => Promise<unknown>) {
    try {
      await send();
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const state = (await read(number, Date.now() + 60_000)).ticket.state;
      if (!doneIn.includes(state)) throw error;
      load.lostAnswers.push(`${number} ${what}: ${error.message}; the read model shows ${state}`);
    }
  }

  async function drive(ticket: Tracked, deadline: number): Promise<void> {
    const { script } = ticket;
    try {
      const created = await gql.call<{ createTicket: { number: string } }>(
        CREATE,
        {
          i: {
            process: script.process,
            title: `Chaos ${script.process}`,
            fields: script.fields,
            idempotencyKey: ticket.idempotencyKey,
          },
        },
        tokens.get('requester'),
        deadline,
      );
      const number = created.createTicket.number;
      ticket.number = number;
      for (const s of script.steps) {
        await pause(100, 1200);
        if (Date.now() > deadline) throw new OutOfTime('none: the load was over');
        await step(ticket, number, s, deadline);
        ticket.stepsDone += 1;
      }
    } catch (error) {
      const what = ticket.number ? describe(script.steps[ticket.stepsDone]) : 'create';
      ticket.failed = `${what}: ${(error as Error).message}`;
      ticket.cutOff = error instanceof OutOfTime;
    } finally {
      ticket.finished = true;
    }
  }

  async function run(spreadMs: number, deadline: number): Promise<void> {
    let next = 0;
    const begin = Date.now();
    const spacing = spreadMs / load.tickets.length;
    const lane = async () => {
      while (next < load.tickets.length && Date.now() < deadline) {
        const index = next++;
        const due = Math.max(0, begin + index * spacing - Date.now());
        await pause(due, due);
        await drive(load.tickets[index]!, deadline);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }
  return load;
}

function describe(step: Step | undefined): string {
  if (!step) return 'end';
  if (step.kind === 'move') return `move to ${step.to}`;
  if (step.kind === 'signal') return `signal ${step.name}`;
  if (step.kind === 'comment') return 'comment';
  if (step.kind === 'state') return `wait for ${step.in.join(' or ')}`;
  return `wait for ${step.key}`;
}
