// Creating a ticket: the Postgres row first (number, texts, the workflow's start arguments), then the
// workflow. A create retried with its idempotency key makes no second ticket (the key is the caller's
// own: request-keys.ts); one that stopped between the row and the workflow is finished by the
// reconciler from the row.
import type { Client } from '@temporalio/client';
import { AppError, isUniqueViolation } from '../errors.js';
import type { Db } from '../store/db.js';
import type { StoredStartInput } from '../store/schema.js';
import { parseInput } from '../validate.js';
import type { Actor, Person, TicketSnapshot } from '../../workflows/ticket/model.js';
import { versionForNewTicket } from '../processes/retirement.js';
import { editRefusal } from '../../workflows/ticket/checks.js';
import { submitterAudience } from './field-audience.js';
import { createRequest, isRefusal, prepareFields } from './requests.js';
import { type Caller, personCaller, scopedKey } from './request-keys.js';
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
      ...(deps.continueAsNewAfter && { continueAsNewAfter: deps.continueAsNewAfter }),
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
      const request = parseInput(createRequest, raw);
      const scope = caller ?? ('kind' in by ? (`system:${by.cause}` as const) : personCaller(by));
      const input = { ...request, idempotencyKey: scopedKey(scope, request.idempotencyKey) };
      const process = await versionForNewTicket(db, input.process);
      const def = process.definition;
      const missing = def.fields.filter((f) => f.required && isBlank(input.fields[f.key])).map((f) => f.key);
      if (missing.length > 0)
        throw new AppError('BAD_USER_INPUT', `required fields missing: ${missing.join(', ')}`, {
          fields: missing,
          problems: missing.map((key) => ({ path: key, message: 'required' })),
        });
      const prepared = prepareFields(def, input.fields);
      if (isRefusal(prepared)) throw new AppError('BAD_USER_INPUT', prepared.message, prepared.details);
      const uneditable = editRefusal(def, await submitterAudience(db, by, def.group), Object.keys(input.fields));
      if (uneditable) throw new AppError('BAD_USER_INPUT', uneditable.message, uneditable.details);

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
