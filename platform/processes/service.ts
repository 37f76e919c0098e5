// The process service: what people do with process definitions, with the rights each needs checked
// inside. Staff read the published versions (the board needs them); admins edit drafts, validate,
// publish, retire and restore, each audited. Validation answers every problem with its path and never
// throws for a bad definition, so an editor can show them all beside the fields they concern.
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { Db } from '../store/db.js';
import { listProblems } from '../validate.js';
import { processDefinition } from '../../workflows/process/definition.js';
import { requireAdmin, requireStaff } from '../people/roles.js';
import type { Role } from '../store/schema.js';
import { createProcessDraft } from './new-process.js';
import {
  checkDefinition,
  findDraft,
  findPublished,
  listProcesses,
  listVersions,
  publishDraft,
  saveDraft,
  type ProcessSummary,
} from './processes.js';
import { restoreProcess, retireProcess } from './retirement.js';
import { homeProcessOf } from './home.js';

/** Who asks: a person, by their account's id and role. */
export interface ProcessReader {
  id: string;
  role: Role;
}

/** The editor's schema, made once: what is valid input (transforms and refinements are JSON Schema's "any"). */
let editorSchema: Record<string, unknown> | undefined;
export const definitionSchema = () =>
  (editorSchema ??= z.toJSONSchema(processDefinition, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }));

export function createProcessService(db: Db) {
  const summaryOf = async (key: string): Promise<ProcessSummary> =>
    (await listProcesses(db)).find((p) => p.key === key)!;
  const staff = (reader: ProcessReader) => requireStaff(reader, 'read process definitions');
  /** The draft a change just saved, read back; gone only if a publish took it meanwhile. */
  const savedDraft = async (key: string) => {
    const draft = await findDraft(db, key);
    if (!draft) throw notFound('ProcessDraft', key);
    return draft;
  };

  return {
    /** Every process with its latest version and draft (staff). */
    list(reader: ProcessReader) {
      staff(reader);
      return listProcesses(db);
    },
    /** A published version, the latest unless one is named; undefined when there is none (staff). */
    published(reader: ProcessReader, key: string, version?: number) {
      staff(reader);
      return findPublished(db, key, version);
    },
    /** The process whose board the person lands on: one their group works; null for employees and staff in no such group. */
    home: (reader: ProcessReader) => homeProcessOf(db, reader),
    /** Every published version of a process, oldest first, without definitions (read through a summary). */
    versions: (key: string) => listVersions(db, key),
    /** The JSON Schema an editor checks a definition against as it is typed (admins). */
    editorSchema(admin: ProcessReader) {
      requireAdmin(admin);
      return definitionSchema();
    },
    /** The process's draft, if it has one (admins). */
    draft(admin: ProcessReader, key: string) {
      requireAdmin(admin);
      return findDraft(db, key);
    },
    /** A new process as a draft made from a template (admins). */
    async createDraft(admin: ProcessReader, key: string, name: string) {
      requireAdmin(admin);
      return savedDraft(await createProcessDraft(db, key, name, admin.id));
    },
    /** Saves a definition as its process's draft, valid or not yet (admins). */
    async saveDraft(admin: ProcessReader, definition: unknown) {
      requireAdmin(admin);
      return savedDraft((await saveDraft(db, definition, admin.id)).key);
    },
    /** Every problem of a definition, with its path (admins); never throws for a bad definition. */
    async check(admin: ProcessReader, definition: unknown) {
      requireAdmin(admin);
      const result = await checkDefinition(db, definition);
      return { ok: result.ok, problems: result.ok ? [] : listProblems(result.problems) };
    },
    /** Publishes the draft as the process's next version (admins). */
    async publish(admin: ProcessReader, key: string) {
      requireAdmin(admin);
      const published = await publishDraft(db, key, admin.id);
      // Published versions are never removed: the one just published is there.
      return (await findPublished(db, published.key, published.version))!;
    },
    /** Stops a process taking new tickets; running tickets go on (admins). */
    async retire(admin: ProcessReader, key: string) {
      requireAdmin(admin);
      await retireProcess(db, key, admin.id);
      return summaryOf(key);
    },
    /** Lets a retired process take new tickets again (admins). */
    async restore(admin: ProcessReader, key: string) {
      requireAdmin(admin);
      await restoreProcess(db, key, admin.id);
      return summaryOf(key);
    },
  };
}

export type ProcessService = ReturnType<typeof createProcessService>;
