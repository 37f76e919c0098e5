// Creating a ticket: the Postgres row first (number, texts, the workflow's start arguments), then the
// workflow. A create retried with its idempotency key makes no second ticket (the key is the caller's
// own: request-keys.ts); one that stopped between the row and the workflow is finished by the
// reconciler from the row.
import type { Client } from '@temporalio/client';
import { AppError, isUniqueViolation } from '../errors.js';
import type { Db } from '../store/db.js';
import type { StoredStartInput } from '../store/schema.js';
import { type InputProblem, invalidProblems } from '../validate.js';
import { wordedProblems } from '../input-words.js';
import type { Actor, Person, Problem, Refusal, TicketSnapshot } from '../../workflows/ticket/model.js';
import { versionForNewTicket } from '../processes/retirement.js';
import { editRefusal } from '../../workflows/ticket/checks.js';
import { submitterAudience } from './field-audience.js';
import { createRequest, isRefusal, prepareFields } from './requests.js';
import { type Caller, personCaller, scopedKey } from './request-keys.js';
import { CONTINUE_AS_NEW_AFTER } from './run-length.js';
import * as store from './store.js';
import type { TicketWorkflows } from './ticket-workflows.js';

type SystemActor = Extract<Actor, { kind: 'system' }>;

export interface CreatedTicket {
  id: string;
  ticket: TicketSnapshot;
}

/** How long a create that found its ticket already created waits for that ticket's workflow to start. */
const START_WAIT_MS = 10_000;

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/** What the create form calls its inputs; the process's fields add their own labels. */
const LABELS = {
  process: 'Process',
  title: 'Title',
  description: 'Description',
  requester: 'Requester',
  'requester.userId': 'Requester',
  'requester.name': "Requester's name",
  'requester.email': "Requester's email",
  fields: 'Fields',
  priority: 'Priority',
  idempotencyKey: 'Idempotency key',
};

type ProcessVersion = Awaited<ReturnType<typeof versionForNewTicket>>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every problem of a create request at once, input and field values together, each naming its input by
 * its label: the request's shape, then the process's required fields, the values' types and the fields
 * the submitter may not set. A process
 * that does not exist (or is retired) is refused as before when it is the only problem.
 */
async function createProblems(db: Db, raw: unknown, by: Person | SystemActor) {
  const request = isObject(raw) ? raw : {};
  const key = typeof request.process === 'string' ? request.process : undefined;
  let process: ProcessVersion | undefined;
  let lookup: unknown;
  if (key && /^[a-z][a-z0-9-]{0,99}$/.test(key))
    process = await versionForNewTicket(db, key).catch((error: unknown) => {
      if (!(error instanceof AppError) || !['NOT_FOUND', 'BAD_USER_INPUT'].includes(error.code)) throw error;
      lookup = error;
      return undefined;
    });
  const def = process?.definition;
  const fieldLabels = Object.fromEntries((def?.fields ?? []).map((f) => [`fields.${f.key}`, f.label]));
  const parsed = wordedProblems(createRequest, raw, { ...LABELS, ...fieldLabels });
  const problems: InputProblem[] = [...parsed.problems];
  if (lookup && problems.length === 0) throw lookup;
  if (lookup) problems.unshift({ path: 'process', message: 'Process: this process takes no new tickets' });
  const fields = isObject(request.fields) ? request.fields : {};
  let prepared: ReturnType<typeof prepareFields> | undefined;
  if (def) {
    for (const f of def.fields)
      if (f.required && isBlank(fields[f.key])) problems.push({ path: f.key, message: `${f.label} is required` });
    prepared = prepareFields(def, fields);
    if (isRefusal(prepared)) problems.push(...((prepared.details?.problems ?? []) as Problem[]));
    // Fields the submitter may not set (staff-only ones from a requester), by label like the rest.
    const uneditable = editRefusal(def, await submitterAudience(db, by, def.group), Object.keys(fields));
    if (uneditable) problems.push(...((uneditable.details?.problems ?? []) as Problem[]));
  }
  if (problems.length > 0) throw invalidProblems(problems);
  // With no problem, the process was found and its fields prepared.
  return {
    request: parsed.data!,
    process: process!,
    prepared: prepared as Exclude<typeof prepared, Refusal | undefined>,
  };
}

export function createTicketCreation(deps: {
  db: Db;
  temporal: Client;
  workflows: TicketWorkflows;
  continueAsNewAfter?: number;
}) {
  const { db, workflows } = deps;

  async function start(input: StoredStartInput): Promise<TicketSnapshot> {
    const process = await store.getProcessVersion(db, input.process.key, input.process.version);
    const snapshot = await workflows.start({
      ...input,
      process,
      continueAsNewAfter: deps.continueAsNewAfter ?? CONTINUE_AS_NEW_AFTER,
    });
    await store.markStarted(db, input.ticketId);
    return snapshot;
  }

  /** A create retried with its idempotency key: the ticket, once the first create started it. */
  async function existing(found: { id: string; number: string }): Promise<CreatedTicket> {
    const deadline = Date.now() + START_WAIT_MS;
    for (;;) {
      try {
        return { id: found.id, ticket: await workflows.synced(found.number) };
      } catch (error) {
        const notStarted = error instanceof AppError && error.details.reason === 'NOT_STARTED';
        if (!notStarted || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  return {
    /** `raw`: a CreateTicketRequest. `by`: the person submitting, or an external system (`{ kind: 'system',
     * cause }`). `caller`: whose idempotency key it is (by default the person, or the system's cause). */
    async create(raw: unknown, by: Person | SystemActor, caller?: Caller): Promise<CreatedTicket> {
      const actor: Actor = 'kind' in by ? by : { kind: 'person', userId: by.userId, role: by.role };
      const { request, process, prepared } = await createProblems(db, raw, by);
      const scope = caller ?? ('kind' in by ? (`system:${by.cause}` as const) : personCaller(by));
      const input = { ...request, idempotencyKey: scopedKey(scope, request.idempotencyKey) };

      const found = await store.findTicketByIdempotencyKey(db, input.idempotencyKey);
      if (found) return existing(found);
      let inserted: StoredStartInput;
      try {
        inserted = await store.insertTicket(db, { ...input, ...prepared, process, actor });
      } catch (error) {
        const raced = isUniqueViolation(error) && (await store.findTicketByIdempotencyKey(db, input.idempotencyKey));
        if (raced) return existing(raced);
        throw error;
      }
      // Should this fail or the process die now, the reconciler starts the workflow from the row.
      return { id: inserted.ticketId, ticket: await start(inserted) };
    },

    /** Starts the workflows of tickets whose create stopped between the row and the workflow. */
    async reconcile(olderThanMs = 30_000): Promise<string[]> {
      const finished: string[] = [];
      for (const row of await store.listUnstartedTickets(db, new Date(Date.now() - olderThanMs))) {
        await start(row.start_input!);
        finished.push(row.number);
      }
      return finished;
    },
  };
}
