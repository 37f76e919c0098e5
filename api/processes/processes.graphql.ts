// Process definitions over GraphQL: a thin layer over the process service (platform/processes/service.ts),
// which checks who may read and who may edit. Validation answers every problem with its path and never
// throws for a bad definition, so the web editor can show them all beside the fields they concern.
import { requirePerson } from '../graphql/viewer.js';
import { inSchemaOrder } from '../../platform/processes/schema-order.js';
import { definitionSchema } from '../../platform/processes/service.js';
import type { Resolvers } from '../graphql/resolvers-types.js';

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
    """
    The key of the process whose board you land on: a published process your group works (its queue
    first, then one that sends tickets to your group), by key among equals. Null for employees, and for
    staff (admins included) in no group that works a process.
    """
    homeProcess: String
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

/** A stored definition as people read it: its keys in the schema's order, not jsonb's (shortest first). */
const readable = (parent: { definition: unknown }) => inSchemaOrder(parent.definition, definitionSchema());

export const resolvers: Resolvers = {
  Query: {
    processDefinitions: (_, __, ctx) => ctx.services.processes.list(requirePerson(ctx.viewer)),
    processDefinition: async (_, args, ctx) =>
      (await ctx.services.processes.published(requirePerson(ctx.viewer), args.key, args.version ?? undefined)) ?? null,
    processDefinitionSchema: (_, __, ctx) => ctx.services.processes.editorSchema(requirePerson(ctx.viewer)),
    processDraft: async (_, args, ctx) =>
      (await ctx.services.processes.draft(requirePerson(ctx.viewer), args.key)) ?? null,
    homeProcess: (_, __, ctx) => ctx.services.processes.home(requirePerson(ctx.viewer)),
  },
  Mutation: {
    createProcessDraft: (_, args, ctx) =>
      ctx.services.processes.createDraft(requirePerson(ctx.viewer), args.key, args.name),
    saveProcessDraft: (_, args, ctx) => ctx.services.processes.saveDraft(requirePerson(ctx.viewer), args.definition),
    validateProcessDefinition: (_, args, ctx) =>
      ctx.services.processes.check(requirePerson(ctx.viewer), args.definition),
    publishProcessDefinition: (_, args, ctx) => ctx.services.processes.publish(requirePerson(ctx.viewer), args.key),
    retireProcess: (_, args, ctx) => ctx.services.processes.retire(requirePerson(ctx.viewer), args.key),
    restoreProcess: (_, args, ctx) => ctx.services.processes.restore(requirePerson(ctx.viewer), args.key),
  },
  PublishedProcess: { definition: readable },
  ProcessDraft: { definition: readable },
  ProcessSummary: {
    versions: (process, _, ctx) => ctx.services.processes.versions(process.key),
  },
};
