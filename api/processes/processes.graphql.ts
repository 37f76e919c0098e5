// Process definitions over GraphQL: staff read the published versions (the board needs them); admins
// edit drafts, validate and publish. Validation answers every problem with its path and never throws
// for a bad definition, so the web editor can show them all beside the fields they concern.
import { z } from 'zod';
import { listProblems } from '../../platform/validate.js';
import { isStaffRole, processDefinition } from '../../workflows/process/definition.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Resolvers } from '../graphql/resolvers-types.js';
import { requireAdmin, requirePerson } from '../graphql/viewer.js';
import { AppError, notFound } from '../../platform/errors.js';
import {
  checkDefinition,
  findDraft,
  findPublished,
  listProcesses,
  listVersions,
  publishDraft,
  saveDraft,
  type ProcessSummary,
} from '../../platform/processes/processes.js';
import { createProcessDraft } from '../../platform/processes/new-process.js';
import { restoreProcess, retireProcess } from '../../platform/processes/retirement.js';
import { inSchemaOrder } from '../../platform/processes/schema-order.js';

export const typeDefs = /* GraphQL */ `
  "A process: its latest published version, whether a draft differs from it, and every version."
  type ProcessSummary {
    key: String!
    name: String!
    "The latest published version; null while the process is only a draft."
    latestVersion: Int
    "When the latest version was published."
    publishedAt: DateTime
    "True when a draft exists that differs from the latest version."
    hasDraft: Boolean!
    "Every published version, oldest first."
    versions: [ProcessVersionInfo!]!
    "When the process was retired (it takes no new tickets; running ones go on); null while it takes tickets."
    retiredAt: DateTime
    "Who retired it (a user id, or the operator command line); null while it takes tickets."
    retiredBy: String
  }

  "One published version of a process."
  type ProcessVersionInfo {
    version: Int!
    publishedAt: DateTime!
    "Who published it: a user id, or the operator command line."
    publishedBy: String!
  }

  "A published, immutable version of a process with its definition."
  type PublishedProcess {
    key: String!
    version: Int!
    publishedAt: DateTime!
    "The definition as JSON; its shape is processDefinitionSchema, its keys in that schema's order."
    definition: JSON!
  }

  "A process definition being edited: saved as it is, valid or not."
  type ProcessDraft {
    key: String!
    "The definition as JSON, as it was saved; the keys the schema knows in its order."
    definition: JSON!
    updatedAt: DateTime!
    "Who saved it last (a user id)."
    updatedBy: String!
    "What stands in the way of publishing it; empty when it can be published."
    problems: [DefinitionProblem!]!
  }

  "A problem of a definition, where it is."
  type DefinitionProblem {
    "Where, e.g. transitions[2].from[0]; empty for the definition as a whole."
    path: String!
    message: String!
  }

  "The verdict on a definition."
  type DefinitionValidation {
    "True when the definition can be published as it is."
    ok: Boolean!
    "Every problem (the first 100, then how many more), each with its path."
    problems: [DefinitionProblem!]!
  }

  extend type Query {
    "Every process, by key (staff)."
    processDefinitions: [ProcessSummary!]!
    "A published version of a process, the latest when version is omitted; null when there is none (staff)."
    processDefinition(key: String!, version: Int): PublishedProcess
    "The JSON Schema of a process definition, for editors (admins)."
    processDefinitionSchema: JSON!
    "The draft of a process; null when there is none (admins)."
    processDraft(key: String!): ProcessDraft
  }

  extend type Mutation {
    """
    Starts a new process: a draft of the smallest definition that can be published, with this key
    (lowercase letters, digits and -) and name, to edit from there. BAD_USER_INPUT for a bad key or
    name; CONFLICT (reason PROCESS_EXISTS) when a process or a draft has the key already (admins).
    """
    createProcessDraft(key: String!, name: String!): ProcessDraft!
    "Saves a definition as its process's draft, valid or not, and answers its problems (admins)."
    saveProcessDraft(definition: JSON!): ProcessDraft!
    "Checks a definition without saving it; a bad definition is an answer, not an error (admins)."
    validateProcessDefinition(definition: JSON!): DefinitionValidation!
    """
    Publishes the process's draft as its next version; BAD_USER_INPUT with the problems' paths in
    extensions.fields when it is not valid. A draft equal to the latest version publishes nothing and
    answers that version (admins).
    """
    publishProcessDefinition(key: String!): PublishedProcess!
    """
    Retires a published process: it takes no new tickets (createTicket answers BAD_USER_INPUT with
    reason PROCESS_RETIRED) while its running tickets go on to their end. Audited (admins).
    """
    retireProcess(key: String!): ProcessSummary!
    "Lets a retired process take new tickets again. Audited (admins)."
    restoreProcess(key: String!): ProcessSummary!
  }
`;

function requireStaff(ctx: GraphQLContext) {
  const user = requirePerson(ctx.viewer);
  if (!isStaffRole(user.role))
    throw new AppError('FORBIDDEN', 'only staff read process definitions', { reason: 'STAFF_ONLY' });
  return user;
}

/** The editor's schema, made once: what is valid input (transforms and refinements are JSON Schema's "any"). */
let schema: Record<string, unknown> | undefined;
const definitionSchema = () =>
  (schema ??= z.toJSONSchema(processDefinition, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }));

/** A stored definition as people read it: its keys in the schema's order, not jsonb's (shortest first). */
const readable = (parent: { definition: unknown }) => inSchemaOrder(parent.definition, definitionSchema());

async function summaryOf(ctx: GraphQLContext, key: string): Promise<ProcessSummary> {
  return (await listProcesses(ctx.db)).find((p) => p.key === key)!;
}

/** The draft a mutation just saved, read back; gone only if a publish took it meanwhile. */
async function savedDraft(ctx: GraphQLContext, key: string) {
  const draft = await findDraft(ctx.db, key);
  if (!draft) throw notFound('ProcessDraft', key);
  return draft;
}

export const resolvers: Resolvers = {
  Query: {
    processDefinitions: async (_, __, ctx) => {
      requireStaff(ctx);
      return listProcesses(ctx.db);
    },
    processDefinition: async (_, args, ctx) => {
      requireStaff(ctx);
      return (await findPublished(ctx.db, args.key, args.version ?? undefined)) ?? null;
    },
    processDefinitionSchema: (_, __, ctx) => {
      requireAdmin(ctx.viewer);
      return definitionSchema();
    },
    processDraft: async (_, args, ctx) => {
      requireAdmin(ctx.viewer);
      return (await findDraft(ctx.db, args.key)) ?? null;
    },
  },
  Mutation: {
    createProcessDraft: async (_, args, ctx) => {
      const admin = requireAdmin(ctx.viewer);
      return savedDraft(ctx, await createProcessDraft(ctx.db, args.key, args.name, admin.id));
    },
    saveProcessDraft: async (_, args, ctx) => {
      const admin = requireAdmin(ctx.viewer);
      const saved = await saveDraft(ctx.db, args.definition, admin.id);
      return savedDraft(ctx, saved.key);
    },
    validateProcessDefinition: async (_, args, ctx) => {
      requireAdmin(ctx.viewer);
      const result = await checkDefinition(ctx.db, args.definition);
      return { ok: result.ok, problems: result.ok ? [] : listProblems(result.problems) };
    },
    publishProcessDefinition: async (_, args, ctx) => {
      const admin = requireAdmin(ctx.viewer);
      const published = await publishDraft(ctx.db, args.key, admin.id);
      // Published versions are never removed: the one just published is there.
      return (await findPublished(ctx.db, published.key, published.version))!;
    },
    retireProcess: async (_, args, ctx) => {
      await retireProcess(ctx.db, args.key, requireAdmin(ctx.viewer).id);
      return summaryOf(ctx, args.key);
    },
    restoreProcess: async (_, args, ctx) => {
      await restoreProcess(ctx.db, args.key, requireAdmin(ctx.viewer).id);
      return summaryOf(ctx, args.key);
    },
  },
  PublishedProcess: { definition: readable },
  ProcessDraft: { definition: readable },
  ProcessSummary: {
    versions: (process, _, ctx) => listVersions(ctx.db, process.key),
  },
};
