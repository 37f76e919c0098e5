// Tickets as the API sees them: create (Postgres row + workflow), the changes that go through the
// ticket's workflow as updates, and reads from the read model. GraphQL resolvers and the CLI call this.
import { randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes } from '@temporalio/common';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError, isUniqueViolation, notFound } from '../../platform/errors.js';
import { latestVersion } from '../processes/processes.js';
import type { Db } from '../../platform/store/db.js';
import { parseInput } from '../../platform/validate.js';
import { removeAttachment, storeAttachment, type Upload } from './attachments.js';
import { priorities, type ProcessDefinition, type ProcessVersion } from '../../workflows/process/definition.js';
import { ticketSearchAttributes as sa } from '../../workflows/search-attributes.js';
import { checkFields } from '../../workflows/ticket/checks.js';
import {
  attachUpdate,
  commentUpdate,
  moveUpdate,
  reassignUpdate,
  setFieldsUpdate,
  setPriorityUpdate,
  signalUpdate,
  snapshotQuery,
  syncUpdate,
  type SignalOutcome,
} from '../../workflows/ticket/messages.js';
import type { Fields, Person, TicketSnapshot, TicketWorkflowInput } from '../../workflows/ticket/model.js';
import { ticketWorkflow } from '../../workflows/ticket/workflow.js';
import { isUpdateLimit } from '../../temporal/client.js';

export interface TicketServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Where attachment bytes live (DATA_DIR). */
  dataDir: string;
  continueAsNewAfter?: number;
}

const createInput = z.object({
  process: z.string().min(1),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(50_000).optional(),
  requester: z.union([
    z.object({ userId: z.uuid() }),
    z.object({ name: z.string().trim().min(1).max(200), email: z.email() }),
  ]),
  fields: z.record(z.string(), z.unknown()).default({}),
  priority: z.enum(priorities).optional(),
  /** The caller's id for this request: a retried create makes one ticket. */
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export type CreateTicketInput = z.input<typeof createInput>;

export interface CreatedTicket {
  id: string;
  ticket: TicketSnapshot;
}

export function createTicketService(deps: TicketServiceDeps) {
  const { db, temporal } = deps;

  async function row(number: string) {
    const found = await db
      .selectFrom('tickets')
      .select(['id', 'number', 'process_key', 'process_version', 'requester_id'])
      .where('number', '=', number)
      .executeTakeFirst();
    if (!found) throw notFound('Ticket', number);
    return found;
  }

  const handle = (number: string): WorkflowHandle<typeof ticketWorkflow> => temporal.workflow.getHandle(number);

  /** Long-text fields arrive as text and are stored in Postgres; the workflow gets their ids. */
  async function storeTexts(
    ticketId: string,
    def: ProcessDefinition,
    fields: Record<string, unknown>,
    by: string | null,
  ) {
    const stored: Fields = {};
    const textIds: string[] = [];
    for (const [key, value] of Object.entries(fields)) {
      const field = def.fields.find((f) => f.key === key);
      if (field?.type === 'longtext' && typeof value === 'string') {
        if (value.length > 50_000) throw new AppError('VALIDATION', `${key} is longer than 50000 characters`);
        const { id } = await db
          .insertInto('ticket_texts')
          .values({ ticket_id: ticketId, purpose: `field:${key}`, body: value, created_by: by })
          .returning('id')
          .executeTakeFirstOrThrow();
        stored[key] = { text: id };
        textIds.push(id);
      } else stored[key] = value as Fields[string];
    }
    return { fields: stored, textIds };
  }

  /** Runs an update; a refusal is recorded in the audit log (the timeline shows it) and thrown as REFUSED. */
  async function change<T>(
    number: string,
    actor: Person,
    action: string,
    attempt: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if (failure instanceof ApplicationFailure && failure.type) {
        const reason = failure.type;
        const details = (failure.details?.[0] ?? {}) as Record<string, unknown>;
        await db
          .insertInto('audit_log')
          .values({
            actor: actor.userId,
            action: `${action}.refused`,
            subject: `ticket:${number}`,
            details: JSON.stringify({ ...attempt, reason, message: failure.message }),
          })
          .execute();
        throw new AppError('REFUSED', failure.message, { reason, ...details });
      }
      if (error instanceof WorkflowNotFoundError || isCompleted(error)) {
        throw new AppError('REFUSED', `ticket ${number} is closed`, { reason: 'TICKET_CLOSED' });
      }
      if (isTooManyUpdates(error)) {
        throw new AppError('CONFLICT', `ticket ${number} is busy with other changes; try again`, {
          reason: 'TOO_MANY_CONCURRENT_CHANGES',
        });
      }
      throw error;
    }
  }

  /** A retried create: the ticket exists, and its workflow answers once the first create started it. */
  async function answerOnceStarted(number: string): Promise<TicketSnapshot> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await handle(number).executeUpdate(syncUpdate, { args: [{ settled: false }] });
      } catch (error) {
        if (isCompleted(error)) return handle(number).query(snapshotQuery);
        if (!(error instanceof WorkflowNotFoundError) || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  return {
    /** Waits until the ticket's queued actions have run and everything is in the read model. */
    async settle(number: string): Promise<TicketSnapshot> {
      await row(number);
      return handle(number).executeUpdate(syncUpdate, { args: [{ settled: true }] });
    },

    async create(raw: CreateTicketInput, actor: Person): Promise<CreatedTicket> {
      const input = parseInput(createInput, raw);
      const process = await latestVersion(db, input.process);
      const def = process.definition;
      const missing = def.fields.filter((f) => f.required && isBlank(input.fields[f.key])).map((f) => f.key);
      if (missing.length > 0)
        throw new AppError('VALIDATION', `required fields missing: ${missing.join(', ')}`, { fields: missing });

      // Checked before anything is written: a refused create must not even use up a ticket number.
      const invalid = checkFields(def, asWorkflowFields(def, input.fields));
      if (invalid) throw new AppError('VALIDATION', invalid.message, invalid.details);

      const existing = input.idempotencyKey
        ? await db
            .selectFrom('tickets')
            .select(['id', 'number'])
            .where('idempotency_key', '=', input.idempotencyKey)
            .executeTakeFirst()
        : undefined;
      let created: Awaited<ReturnType<typeof insertTicket>> | undefined;
      if (!existing) {
        try {
          created = await insertTicket(db, input, process, actor);
        } catch (error) {
          if (!(input.idempotencyKey && isUniqueViolation(error))) throw error; // else a concurrent create won
        }
      }
      if (!created) {
        const winner =
          existing ??
          (await db
            .selectFrom('tickets')
            .select(['id', 'number'])
            .where('idempotency_key', '=', input.idempotencyKey!)
            .executeTakeFirstOrThrow());
        return { id: winner.id, ticket: await answerOnceStarted(winner.number) };
      }

      const { id: ticketId, number } = created;
      const { fields } = await storeTexts(ticketId, def, input.fields, actor.userId);
      const workflowInput: TicketWorkflowInput = {
        ticketId,
        number,
        process,
        requester: { id: created.requester.id, userId: created.requester.user_id },
        fields,
        ...(input.priority && { priority: input.priority }),
        createdBy: { kind: 'person', userId: actor.userId, role: actor.role },
        ...(deps.continueAsNewAfter && { continueAsNewAfter: deps.continueAsNewAfter }),
      };
      const start = new WithStartWorkflowOperation(ticketWorkflow, {
        workflowId: number,
        taskQueue: deps.taskQueue,
        args: [workflowInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: new TypedSearchAttributes([
          { key: sa.process, value: process.key },
          { key: sa.group, value: def.group },
        ]),
      });
      try {
        const ticket = await temporal.workflow.executeUpdateWithStart(syncUpdate, {
          args: [{ settled: false }],
          startWorkflowOperation: start,
        });
        return { id: ticketId, ticket };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError)
          return { id: ticketId, ticket: await handle(number).query(snapshotQuery) };
        throw error;
      }
    },

    async move(
      number: string,
      actor: Person,
      request: { transition: string; fields?: Record<string, unknown>; expectedVersion?: number },
    ) {
      const ticket = await row(number);
      // Most moves carry no fields: only those need the definition (to find long texts).
      const { fields, textIds } = request.fields
        ? await storeTexts(ticket.id, (await processOf(db, ticket)).definition, request.fields, actor.userId)
        : { fields: {}, textIds: [] };
      try {
        return await change(number, actor, 'move', { transition: request.transition }, () =>
          handle(number).executeUpdate(moveUpdate, {
            args: [
              {
                actor,
                transition: request.transition,
                fields,
                ...(request.expectedVersion !== undefined && { expectedVersion: request.expectedVersion }),
              },
            ],
          }),
        );
      } catch (error) {
        // A refused move leaves nothing behind, not even the texts it brought.
        if (textIds.length > 0) await db.deleteFrom('ticket_texts').where('id', 'in', textIds).execute();
        throw error;
      }
    },

    async signal(
      number: string,
      delivery: { name: string; payload: Record<string, unknown>; idempotencyKey: string; source: string },
    ): Promise<SignalOutcome> {
      await row(number);
      const system: Person = { userId: `system:${delivery.source}`, role: 'ADMIN' };
      return change(number, system, 'signal', { name: delivery.name, idempotencyKey: delivery.idempotencyKey }, () =>
        handle(number).executeUpdate(signalUpdate, { args: [delivery] }),
      );
    },

    async reassign(
      number: string,
      actor: Person,
      request: { userId: string | null; group?: string; expectedVersion?: number },
    ) {
      await row(number);
      return change(number, actor, 'reassign', { userId: request.userId }, () =>
        handle(number).executeUpdate(reassignUpdate, { args: [{ actor, ...request }] }),
      );
    },

    async setFields(
      number: string,
      actor: Person,
      request: { fields: Record<string, unknown>; expectedVersion?: number },
    ) {
      const ticket = await row(number);
      const { definition } = await processOf(db, ticket);
      const { fields } = await storeTexts(ticket.id, definition, request.fields, actor.userId);
      return change(number, actor, 'set_fields', { fields: Object.keys(fields) }, () =>
        handle(number).executeUpdate(setFieldsUpdate, {
          args: [
            {
              actor,
              fields,
              ...(request.expectedVersion !== undefined && { expectedVersion: request.expectedVersion }),
            },
          ],
        }),
      );
    },

    async setPriority(
      number: string,
      actor: Person,
      request: { priority: (typeof priorities)[number]; expectedVersion?: number },
    ) {
      await row(number);
      return change(number, actor, 'set_priority', { priority: request.priority }, () =>
        handle(number).executeUpdate(setPriorityUpdate, { args: [{ actor, ...request }] }),
      );
    },

    async comment(number: string, actor: Person, request: { body: string; visibility: 'public' | 'internal' }) {
      const ticket = await row(number);
      const body = parseInput(z.string().trim().min(1).max(50_000), request.body);
      const commentId = randomUUID();
      await db
        .insertInto('comments')
        .values({ id: commentId, ticket_id: ticket.id, author_id: actor.userId, visibility: request.visibility, body })
        .execute();
      try {
        return await change(number, actor, 'comment', { visibility: request.visibility }, () =>
          handle(number).executeUpdate(commentUpdate, { args: [{ actor, commentId, visibility: request.visibility }] }),
        );
      } catch (error) {
        await db.deleteFrom('comments').where('id', '=', commentId).execute();
        throw error;
      }
    },

    /** Stores the file, then records it on the ticket; a refused attachment leaves nothing behind. */
    async attach(number: string, actor: Person, file: Upload) {
      const ticket = await row(number);
      const stored = await storeAttachment(db, deps.dataDir, ticket.id, file, actor.userId);
      try {
        const snapshot = await change(number, actor, 'attach', { attachmentId: stored.id }, () =>
          handle(number).executeUpdate(attachUpdate, { args: [{ actor, attachmentId: stored.id }] }),
        );
        return { attachment: stored, ticket: snapshot };
      } catch (error) {
        await removeAttachment(db, deps.dataDir, stored.id);
        throw error;
      }
    },

    /** The ticket as the read model has it. */
    async get(number: string) {
      const found = await db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirst();
      if (!found) throw notFound('Ticket', number);
      return found;
    },

    /** Every event of the ticket and every refused change, in order. */
    async timeline(number: string) {
      const ticket = await row(number);
      const events = await db
        .selectFrom('ticket_events')
        .selectAll()
        .where('ticket_id', '=', ticket.id)
        .orderBy('seq')
        .execute();
      const refused = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('subject', '=', `ticket:${number}`)
        .orderBy('id')
        .execute();
      return { events, refused };
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;

/** The ticket's row, its number allocated from the per-prefix counter, and its description. */
async function insertTicket(db: Db, input: z.output<typeof createInput>, process: ProcessVersion, actor: Person) {
  const def = process.definition;
  return db.transaction().execute(async (trx) => {
    const requester = await resolveRequester(trx, input.requester);
    const counter = await trx
      .insertInto('ticket_counters')
      .values({ prefix: def.ticketPrefix, last: 1 })
      .onConflict((oc) => oc.column('prefix').doUpdateSet({ last: sql`ticket_counters.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    const number = `${def.ticketPrefix}-${String(counter.last).padStart(6, '0')}`;
    const { id } = await trx
      .insertInto('tickets')
      .values({
        number,
        idempotency_key: input.idempotencyKey ?? null,
        process_key: process.key,
        process_version: process.version,
        title: input.title,
        requester_id: requester.id,
        created_by: actor.userId,
        priority: input.priority ?? def.defaultPriority ?? 'normal',
        group_key: def.group,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.description) {
      await trx
        .insertInto('ticket_texts')
        .values({ ticket_id: id, purpose: 'description', body: input.description, created_by: actor.userId })
        .execute();
    }
    return { id, number, requester };
  });
}

async function processOf(db: Db, ticket: { process_key: string; process_version: number }) {
  const found = await db
    .selectFrom('process_versions')
    .select('definition')
    .where('key', '=', ticket.process_key)
    .where('version', '=', ticket.process_version)
    .executeTakeFirstOrThrow();
  return found;
}

async function resolveRequester(db: Db, requester: { userId: string } | { name: string; email: string }) {
  if ('userId' in requester) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('id', '=', requester.userId)
      .executeTakeFirst();
    if (!user) throw notFound('User', requester.userId);
    return db
      .insertInto('requesters')
      .values({ name: user.name, email: user.email, user_id: user.id })
      .onConflict((oc) => oc.expression(sql`lower(email)`).doUpdateSet({ user_id: user.id }))
      .returning(['id', 'user_id'])
      .executeTakeFirstOrThrow();
  }
  return db
    .insertInto('requesters')
    .values({ name: requester.name, email: requester.email.toLowerCase() })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doUpdateSet({ name: requester.name }))
    .returning(['id', 'user_id'])
    .executeTakeFirstOrThrow();
}

/** The fields as the workflow will see them, long texts standing in as ids, for checking before storing. */
function asWorkflowFields(def: ProcessDefinition, fields: Record<string, unknown>): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => {
      const longText = def.fields.find((f) => f.key === key)?.type === 'longtext' && typeof value === 'string';
      return [key, longText ? { text: 'not-yet-stored' } : value];
    }),
  ) as Fields;
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

function isCompleted(error: unknown): boolean {
  return error instanceof Error && /workflow execution already completed/i.test(error.message);
}

function isTooManyUpdates(error: unknown): boolean {
  // The gRPC error arrives as the cause of the SDK's ServiceError.
  for (let e = error as { message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (isUpdateLimit(e.message)) return true;
  }
  return false;
}
