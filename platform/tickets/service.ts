// The ticket service: every operation on tickets, for every caller — the GraphQL API, the CLI, the
// activities that act for people (the assistant's tools, mail ingest) and the tests. It lives in
// platform/ because activities may not import api/; api/ keeps only the GraphQL layer over it. The
// caller's rights are checked inside (access.ts) before anything is read or written, and the ticket
// engine checks each change against the process; what a refused or failed change stored is removed again.
import type { Client } from '@temporalio/client';
import { AppError } from '../errors.js';
import type { Db } from '../store/db.js';
import { invalidInput } from '../validate.js';
import { getUser } from '../people/users.js';
import { processesTakingTickets } from '../processes/retirement.js';
import type { Person, TicketSnapshot } from '../../workflows/ticket/model.js';
import { requireAdmin } from '../people/roles.js';
import { keyScopeOf, readableTicket, requireScope, type TicketCaller, type TicketRow } from './access.js';
import { createAttachmentStore, listAttachments, type AttachmentLimits } from './attachments.js';
import { createChanges } from './changes.js';
import { createConfirmations } from './confirmations.js';
import { createTicketCreation } from './creation.js';
import { readComments, readDescription, readFieldValues, readRequester } from './details.js';
import { audienceOn, valuesFor } from './field-audience.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { isStaffOnly, mayEdit, mayView } from '../../workflows/process/field-access.js';
import { findSystemTicket, findVisibleTicket, listVisibleTickets } from './queries.js';
import { searchTickets } from '../search/ticket-search.js';
import { preferredProcess } from './preferred-process.js';
import { createReadModelRepair } from './read-model.js';
import { createSignalDelivery } from './signal-delivery.js';
import * as store from './store.js';
import { createTicketWorkflows, DEFAULT_UPDATE_TIMEOUT_MS } from './ticket-workflows.js';
import { withCallDeadlines } from './call-deadline.js';
import { timelineFor } from './timeline.js';
import { createTicketUpdates } from './updates.js';
import { createMacroChange } from './macro-change.js';
import { createBulkActions } from './bulk.js';

/** How many update deadlines settle() waits through before it says the ticket did not answer. */
const SETTLE_ATTEMPTS = 6;

export type { CreatedTicket } from './creation.js';
export type { SystemCaller, TicketCaller, TicketRow } from './access.js';

export interface TicketServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** Where attachment bytes live (DATA_DIR). */
  dataDir: string;
  /** What an attachment may be (MAX_ATTACHMENT_BYTES, ATTACHMENT_CONTENT_TYPES); defaults otherwise. */
  attachments?: AttachmentLimits;
  /** Events a ticket's workflow handles before it continues as new (TICKET_CONTINUE_AS_NEW_AFTER). */
  continueAsNewAfter?: number;
  /** The longest a caller waits for a change before UNAVAILABLE (default 10 s). */
  updateTimeoutMs?: number;
}

/** What a signal did, by its process's declaration: NONE for a duplicate. */
export type SignalEffect = 'TRANSITION' | 'EVENT' | 'COMMENT' | 'NONE';

/** A new ticket as a caller submits it: a CreateTicketRequest, with `requester` for systems only. */
export type Submission = Record<string, unknown> & { process?: unknown; requester?: unknown };

export function createTicketService(deps: TicketServiceDeps) {
  const { db } = deps;
  const workflows = createTicketWorkflows({ ...deps, confirmations: createConfirmations(db) });
  const changes = createChanges(db, workflows);
  const readModel = createReadModelRepair(db, workflows);
  const attachments = createAttachmentStore(db, deps.dataDir, deps.attachments);
  const creation = createTicketCreation({ ...deps, workflows });
  const deliverSignal = createSignalDelivery(db, workflows, changes);
  const updates = createTicketUpdates(db, changes, attachments);
  const macroChange = createMacroChange(db, changes);
  const bulkActions = createBulkActions(db, { ...updates, applyMacro: macroChange.applyMacro });
  /** A change's caller learns its outcome within the update timeout from when it called (call-deadline.ts). */
  const timed = <T extends object>(methods: T) =>
    withCallDeadlines(deps.updateTimeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS, methods);

  async function signal(caller: TicketCaller, number: string, raw: Record<string, unknown>) {
    let source: string;
    if (caller.kind === 'system') {
      const { key } = caller;
      // The scope first: a key refused a signal is refused it for every number, so that it cannot tell
      // which tickets exist. Then a ticket of a process outside the scope does not exist for it.
      const name = String(raw.name);
      requireScope(key, key.scope.signals.includes(name), `this API key may not send the signal "${name}"`);
      await findSystemTicket(db, key.scope, number);
      source = key.name;
    } else {
      // Only admins send signals by hand (to test a process, or stand in for a system that is down).
      requireAdmin(caller.person);
      source = `admin:${(await getUser(db, caller.person.userId)).email}`;
    }
    const before = await store.findTicket(db, number);
    const outcome = await deliverSignal(number, { ...raw, source }, keyScopeOf(caller));
    const { definition } = await store.getProcessVersion(db, before.process_key, before.process_version);
    const effect = outcome.duplicate ? undefined : definition.signals?.find((s) => s.name === raw.name)?.effect;
    const did: SignalEffect = !effect
      ? 'NONE'
      : effect.kind === 'transition'
        ? 'TRANSITION'
        : effect.as === 'comment'
          ? 'COMMENT'
          : 'EVENT';
    return {
      duplicate: outcome.duplicate,
      effect: did,
      transition: effect?.kind === 'transition' ? effect.transition : null,
      previousState: before.state,
      // Read back whether or not the key may read tickets: ticket-access.ts limits what it reads of it.
      ticket: await (caller.kind === 'system'
        ? findSystemTicket(db, caller.key.scope, number)
        : findVisibleTicket(db, caller.person, number)),
    };
  }

  return {
    /** Creates a ticket with no caller's checks but the process's: for the reconciler, seeds and tests. */
    create: creation.create,

    /**
     * A ticket the caller submits, answered as the caller may read it. People submit as themselves; a
     * system submits for the `requester` it names, to a process its key names (createTickets), and reads
     * of the answer only what the creation tells unless its key may read tickets (api/tickets/ticket-access.ts).
     */
    async submit(caller: TicketCaller, input: Submission): Promise<TicketRow> {
      if (caller.kind === 'person') {
        if (input.requester)
          throw invalidInput([{ path: 'input.requester', message: 'people submit tickets as themselves' }]);
        const { person } = caller;
        const created = await creation.create({ ...input, requester: { userId: person.userId } }, person);
        return findVisibleTicket(db, person, created.ticket.number);
      }
      const { key } = caller;
      requireScope(
        key,
        key.scope.createTickets && key.scope.processes.includes(String(input.process)),
        `this API key may not create tickets of "${String(input.process)}"`,
      );
      if (!input.requester)
        throw invalidInput([{ path: 'input.requester', message: 'a system names the requester it submits for' }]);
      const created = await creation.create(
        input,
        { kind: 'system', cause: `api-key:${key.name}` },
        keyScopeOf(caller),
      );
      return findSystemTicket(db, key.scope, created.ticket.number);
    },

    /** The processes the caller may submit tickets to, as published last: every one taking tickets for
     * a person, those its key names for a system whose key may create tickets. */
    async processesFor(caller: TicketCaller) {
      if (caller.kind === 'person') return processesTakingTickets(db);
      const { scope } = caller.key;
      requireScope(caller.key, scope.createTickets, 'this API key may not create tickets');
      return (await processesTakingTickets(db)).filter((p) => scope.processes.includes(p.key));
    },

    /** The process of `offered` whose form a person's "new ticket" page starts on (preferred-process.ts);
     * none for a system. */
    preferredProcess: (caller: TicketCaller, offered: { key: string; definition: { group: string } }[]) =>
      caller.kind === 'person' ? preferredProcess(db, caller.person, offered) : Promise.resolve(undefined),
    /** The fields of a process's form the caller may set on submit: a person by whom they count as on
     * a ticket of its group (field-audience.ts), a system as the requester it submits for. */
    async formFieldsFor(caller: TicketCaller, definition: ProcessDefinition) {
      const by = caller.kind === 'person' ? caller.person : null;
      const audience = await audienceOn(db, by, definition.group);
      return definition.fields.filter((f) => mayEdit(f, audience)).map((f) => ({ ...f, staffOnly: isStaffOnly(f) }));
    },

    /** The ticket as the caller may read it; NOT_FOUND for one they may not see. */
    read: (caller: TicketCaller, number: string) => readableTicket(db, caller, number),

    /** Tickets the person may see, newest first, a page at a time. */
    list: (person: Person, filter: unknown, page: { first: number; after?: string | null }) =>
      listVisibleTickets(db, person, filter, page),

    /** Tickets the person may see by number and full text (platform/search/ticket-search.ts). */
    search: (person: Person, raw: { query: string; first?: number | null; after?: string | null }) =>
      searchTickets(db, person, raw),

    ...timed(updates),

    /** One action on a selection of tickets, each through its single change; every ticket's outcome (bulk.ts). */
    bulk: bulkActions.bulk,
    /** The tickets of a selection the person may see, in the order named (bulk.ts). */
    selection: bulkActions.selection,

    /** applyMacro (one update, all or nothing; a refusal's details.part names the part) and fillReply. */
    ...timed(macroChange),

    /** Starts the workflows of tickets whose row was stored but whose start was not (creation.ts). */
    reconcile: creation.reconcile,

    /**
     * A signal sent by hand (admins) or by a system its key allows to send it, to a ticket of its
     * processes; answered once per idempotency key (signal-delivery.ts): whether it was a duplicate,
     * what it did by the process's declaration, the state before, and the ticket as the caller reads it.
     */
    signal: timed({ signal }).signal,

    /** A signal from a vendor's webhook, whose signature the endpoint has verified: the vendor's keys are
     * scoped to its endpoint (`webhook:<vendor>`). */
    deliverSignal: timed({ deliverSignal }).deliverSignal,

    /** Everything that happened to the ticket, as the person may see it (timeline.ts). */
    timelineOf: (person: Person, ticket: TicketRow) => timelineFor(db, person, ticket),

    /** The transitions that leave the ticket's current state. */
    async transitionsOf(ticket: TicketRow) {
      const { definition } = await store.getProcessVersion(db, ticket.process_key, ticket.process_version);
      return definition.transitions
        .filter((tr) => ticket.state !== null && tr.from.includes(ticket.state))
        .map((tr) => ({ key: tr.key, label: tr.label, to: tr.to, by: tr.by, requires: tr.requires ?? [] }));
    },

    /** The ticket's field values as the reader may see them (`reader` null for a system: all of them);
     * a field hidden from the reader is left out (field-audience.ts). */
    async fieldsFor(reader: Person | null, ticket: TicketRow) {
      const { definition } = await store.getProcessVersion(db, ticket.process_key, ticket.process_version);
      return valuesFor(db, definition, reader, ticket.group_key, ticket.fields);
    },

    /** What a ticket's page shows beyond its row (details.ts): `reader` null for a system. */
    details: {
      description: (ticket: TicketRow) => readDescription(db, ticket),
      requester: (ticket: TicketRow) => readRequester(db, ticket),
      comments: (reader: Person | null, ticket: TicketRow) => readComments(db, reader, ticket),
      /** Long texts as their text, only the fields the reader may see. */
      async fieldValues(reader: Person | null, ticket: TicketRow) {
        const { definition } = await store.getProcessVersion(db, ticket.process_key, ticket.process_version);
        const fields = await valuesFor(db, definition, reader, ticket.group_key, ticket.fields);
        return readFieldValues(db, { id: ticket.id, fields });
      },
      /** The definitions of the fields of the ticket's process version the reader may see (a system all). */
      async fieldDefinitions(reader: Person | null, ticket: TicketRow) {
        const { definition } = await store.getProcessVersion(db, ticket.process_key, ticket.process_version);
        const audience = reader === null ? undefined : await audienceOn(db, reader, ticket.group_key);
        return definition.fields
          .filter((f) => audience === undefined || mayView(f, audience))
          .map((f) => ({ ...f, staffOnly: isStaffOnly(f) }));
      },
    },

    /** What an attachment may be, and where the bytes of a stored one are. */
    attachments: {
      limits: attachments.limits,
      path: attachments.path,
      /** The ticket's attachments, oldest first (its row was read as the caller may). */
      list: (ticket: TicketRow) => listAttachments(db, ticket.id),
    },

    // Reads and repairs for operators, the sweep and tests: no caller, so no caller's checks.

    /** Waits until the ticket's queued actions have run and everything is in the read model. A busy
     * worker may take longer than one update's deadline: a sync changes nothing, so it is asked again. */
    async settle(number: string): Promise<TicketSnapshot> {
      await store.findTicket(db, number);
      for (let attempt = 1; ; attempt++) {
        try {
          return await workflows.synced(number, true);
        } catch (error) {
          const unknown = error instanceof AppError && error.details.reason === 'OUTCOME_UNKNOWN';
          if (!unknown || attempt === SETTLE_ATTEMPTS) throw error;
        }
      }
    },

    /** Writes the ticket's workflow state over its row (read-model.ts). */
    repair: readModel.repair,

    /** Checks rows marked as not yet stored by Temporal against their workflows (read-model.ts). */
    sweepReadModel: readModel.sweep,

    /** The ticket as the read model has it. */
    get: (number: string) => store.readTicket(db, number),

    /** The ticket as its workflow has it. */
    snapshot: (number: string) => workflows.snapshot(number),

    /** Every event of the ticket and every refused change, in order, unfiltered. */
    async timeline(number: string) {
      return store.readTimeline(db, await store.findTicket(db, number));
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
