// The GraphQL endpoint: graphql-yoga with the schema of every module, limits against abusive queries
// (graphql-armor), an explicit CORS allow-list, and errors that carry a code and never a stack.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';
import * as apiKeys from '../auth/api-keys.graphql.js';
import * as drafts from '../drafts/drafts.graphql.js';
import * as macros from '../macros/macros.graphql.js';
import * as bulk from '../tickets/bulk.graphql.js';
import * as notifications from '../notifications/notifications.graphql.js';
import * as webPush from '../notifications/push.graphql.js';
import type { ApiMetrics } from '../metrics.js';
import * as admin from '../people/admin.graphql.js';
import * as people from '../people/people.graphql.js';
import * as processes from '../processes/processes.graphql.js';
import * as search from '../search/search.graphql.js';
import * as queue from '../queue/queue.graphql.js';
import * as attachments from '../tickets/attachments.graphql.js';
import * as board from '../tickets/board.graphql.js';
import * as dashboard from '../tickets/dashboard.graphql.js';
import * as reports from '../tickets/reports.graphql.js';
import * as details from '../tickets/details.graphql.js';
import * as forms from '../tickets/forms.graphql.js';
import * as signals from '../tickets/signals.graphql.js';
import * as live from '../tickets/live.graphql.js';
import * as presence from '../tickets/presence.graphql.js';
import { guardTicketFields } from '../tickets/ticket-access.js';
import * as tickets from '../tickets/tickets.graphql.js';
import * as ticketChanges from '../tickets/changes.graphql.js';
import * as timeline from '../tickets/timeline.graphql.js';
import * as webhooks from '../webhooks/deliveries.graphql.js';
import { createContext, type GraphQLDeps } from './context.js';
import { costLimit, costModel, MAX_DEPTH } from './cost.js';
import { csrfPrevention } from './csrf.js';
import { isErrorCode } from '../../platform/errors.js';
import { fromAppError } from './errors.js';
import { typedHttpErrors } from './http-errors.js';
import { inputRules } from './input-rules.js';
import type { Resolvers } from './resolvers-types.js';
import { introspectionForSignedIn } from './introspection.js';
import { DateTime, FileScalar, JSONScalar } from './scalars.js';
import { uploadFetchAPI, uploadLimits } from './uploads.js';

const base = /* GraphQL */ `
  "An instant, as ISO 8601 text in UTC."
  scalar DateTime
  "Any JSON value."
  scalar JSON
  "A file: a part of a multipart/form-data request (the GraphQL multipart request spec)."
  scalar File

  type Query
  type Mutation
  type Subscription
`;

export interface GraphQLServerOptions extends GraphQLDeps {
  log: Logger;
  /** Browser origins allowed besides the API's own. */
  corsOrigins: string[];
  graphiql: boolean;
  metrics: ApiMetrics;
}

/** The schema of every module, with its resolvers; also what web/schema.graphql is printed from. */
export function createTicketflowSchema() {
  // Every field of Ticket beyond what a change tells checks the caller's right to read that ticket,
  // whichever answer carries it (api/tickets/ticket-access.ts).
  return guardTicketFields(schemaOfEveryModule());
}

function schemaOfEveryModule() {
  return createSchema<{ req: Request; res: Response }>({
    typeDefs: [
      base,
      people.typeDefs,
      tickets.typeDefs,
      ticketChanges.typeDefs,
      timeline.typeDefs,
      processes.typeDefs,
      admin.typeDefs,
      board.typeDefs,
      signals.typeDefs,
      apiKeys.typeDefs,
      live.typeDefs,
      presence.typeDefs,
      forms.typeDefs,
      details.typeDefs,
      dashboard.typeDefs,
      reports.typeDefs,
      attachments.typeDefs,
      notifications.typeDefs,
      webhooks.typeDefs,
      webPush.typeDefs,
      drafts.typeDefs,
      search.typeDefs,
      macros.typeDefs,
      bulk.typeDefs,
      queue.typeDefs,
    ],
    resolvers: [
      { DateTime, JSON: JSONScalar, File: FileScalar } satisfies Resolvers,
      people.resolvers,
      tickets.resolvers,
      ticketChanges.resolvers,
      timeline.resolvers,
      processes.resolvers,
      admin.resolvers,
      board.resolvers,
      signals.resolvers,
      apiKeys.resolvers,
      live.resolvers,
      presence.resolvers,
      forms.resolvers,
      details.resolvers,
      dashboard.resolvers,
      reports.resolvers,
      attachments.resolvers,
      notifications.resolvers,
      webhooks.resolvers,
      webPush.resolvers,
      drafts.resolvers,
      search.resolvers,
      macros.resolvers,
      bulk.resolvers,
      queue.resolvers,
    ],
  });
}

export function createGraphQLServer(options: GraphQLServerOptions) {
  const schema = createTicketflowSchema();
  const cost = costModel(schema);
  const maxFileBytes = options.services.tickets.attachments.limits.maxBytes;
  return createYoga<{ req: Request; res: Response }>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.graphiql,
    landingPage: false,
    // Unexpected errors are logged once, by the masking below, with our logger.
    logging: false,
    // Uploads (attachFile): one file per request, read no further than the largest attachment.
    multipart: true,
    fetchAPI: uploadFetchAPI(maxFileBytes),
    cors: { origin: options.corsOrigins, credentials: true, methods: ['GET', 'POST', 'OPTIONS'] },
    context: ({ req, res }) => createContext(options, req, res),
    plugins: [
      options.metrics.plugin,
      csrfPrevention,
      typedHttpErrors,
      uploadLimits(maxFileBytes),
      inputRules,
      codeEveryError,
      // In production (no GraphiQL) the schema is for callers who are signed in.
      ...(options.graphiql ? [] : [introspectionForSignedIn]),
      // The cost limit agrees with the schema's page limits (cost.ts); the armor's own knows none.
      costLimit(cost),
      EnvelopArmorPlugin({
        maxDepth: { n: MAX_DEPTH },
        maxAliases: { n: 15 },
        maxDirectives: { n: 20 },
        maxTokens: { n: 2000 },
        costLimit: { enabled: false },
      }),
    ],
    maskedErrors: {
      maskError: (error) => mask(error, options.log),
    },
  });
}

/** Errors that never pass the masking (validation, parse, HTTP) leave with a code of the fixed set too. */
const codeEveryError: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
    setResult({
      ...result,
      errors: result.errors.map((error) =>
        isErrorCode(error.extensions?.code) || error.extensions?.code === 'INTERNAL_SERVER_ERROR'
          ? error
          : new GraphQLError(error.message, {
              nodes: error.nodes,
              path: error.path,
              extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
            }),
      ),
    });
  },
};

/**
 * Every error leaves with a code: ours mapped from AppError, the request's own faults (parse,
 * validation, limits) as BAD_USER_INPUT; anything else is logged and shown as an internal error.
 */
function mask(error: unknown, log: Logger): Error {
  const graphql = error instanceof GraphQLError ? error : undefined;
  const original = graphql?.originalError ?? error;
  const at = { nodes: graphql?.nodes, path: graphql?.path };
  // Ours (an AppError, or one wrapped), and Postgres not answering (UNAVAILABLE), mapped in one place.
  const mapped = fromAppError(
    original instanceof Error && original.cause instanceof AppError ? original.cause : original,
  );
  if (mapped !== original && mapped instanceof GraphQLError) {
    if (mapped.extensions.code === 'UNAVAILABLE' && !(original instanceof AppError))
      log.warn({ error: String(original), path: graphql?.path }, 'Postgres did not answer a GraphQL operation');
    return new GraphQLError(mapped.message, { ...at, extensions: mapped.extensions });
  }
  // A GraphQLError of ours keeps its code; any other is the request's own fault: a variable that does
  // not coerce, parse and validation errors, yoga's BAD_REQUEST, the armor's limits.
  if (original instanceof GraphQLError || (graphql && !graphql.originalError)) {
    const source = original instanceof GraphQLError ? original : graphql!;
    const code = isErrorCode(source.extensions.code) ? source.extensions.code : 'BAD_USER_INPUT';
    // A variable that does not coerce (missing, null, the wrong type) is named as the input at fault.
    const variable = /^Variable "\$(\w+)"/.exec(graphql?.message ?? '')?.[1];
    const fields = source.extensions.fields ?? (code === 'BAD_USER_INPUT' && variable ? [variable] : undefined);
    // Each path named without a problem of its own has the error's message (a variable's coercion).
    const problems =
      source.extensions.problems ??
      (Array.isArray(fields)
        ? fields.filter((path) => typeof path === 'string').map((path) => ({ path, message: source.message }))
        : undefined);
    return new GraphQLError(source.message, {
      ...at,
      extensions: {
        ...source.extensions,
        code,
        ...(fields !== undefined && { fields }),
        ...(problems !== undefined && { problems }),
      },
    });
  }
  log.error({ err: original, path: graphql?.path }, 'unexpected error in a GraphQL operation');
  return new GraphQLError('Unexpected error.', { ...at, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
