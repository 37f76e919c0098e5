// The API's HTTP application on a free port of 127.0.0.1, over a test system, and a GraphQL client
// that speaks to it the way any HTTP client would.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import pg from 'pg';
import { createRateLimits, type RateLimitSettings } from '../../api/auth/rate-limits.js';
import { createApp } from '../../api/app.js';
import { createGraphQLServer } from '../../api/graphql/server.js';
import { createApiMetrics } from '../../api/metrics.js';
import { createDbServices } from '../../api/services.js';
import { startTicketEventSource, type TicketEventSource } from '../../api/live/listener.js';
import { createDownloads } from '../../api/tickets/downloads.js';
import type { WebhookSecrets } from '../../platform/config.js';
import { createLogger } from '../../platform/log.js';
import { keptVapidKeys } from '../../platform/push/keys.js';
import { survivesLostConnections } from '../../platform/store/db.js';
import { DEMO_PASSWORD } from '../../api/seed.js';
import type { TestSystem } from './system.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: Record<string, unknown> & { code: string } }[];
  headers: Headers;
}

export interface TestApi {
  url: string;
  /** Sends one operation; `token` as the bearer, `cookie` as the Cookie header. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: { token?: string; cookie?: string },
  ): Promise<GraphQLResponse<T>>;
  /**
   * Sends one operation as a multipart request (the GraphQL multipart request spec): `files` by the
   * path of the variable each fills (e.g. `variables.file`); with the CSRF header unless `csrf: false`.
   */
  upload<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    files: Record<string, File>,
    auth?: { token?: string; csrf?: boolean },
  ): Promise<GraphQLResponse<T>>;
  /** Signs in a seeded person (password DEMO_PASSWORD) and returns their access token. */
  signIn(email: string): Promise<string>;
  /** This API's own LISTEN connection (tests kill it to see it come back). */
  live: TicketEventSource;
  stop(): Promise<void>;
}

/** Asserts the answer failed with `code` (and `reason`), without a stack trace; returns its first error. */
export function failsWith(result: GraphQLResponse, code: string, reason?: string) {
  assert.ok(result.errors?.length, `expected ${code}, got ${JSON.stringify(result.data)}`);
  const error = result.errors[0]!;
  assert.equal(error.extensions.code, code, JSON.stringify(result.errors));
  if (reason) assert.equal(error.extensions.reason, reason, JSON.stringify(result.errors));
  assert.ok(!JSON.stringify(result.errors).includes('    at '), 'no stack trace');
  return error;
}

/** Far above what any test does with one account, unless the test sets its own limits. */
const GENEROUS_LIMITS: RateLimitSettings = { loginPerMinute: 1000, registerPerHour: 1000, signalsPerMinute: 1000 };

export async function startTestApi(
  sys: TestSystem,
  options: {
    accessTtlSeconds?: number;
    rateLimits?: Partial<RateLimitSettings>;
    /** The built web app to serve (web/dist), as the API process does. */
    webDist?: string;
    /** The port to listen on (another API's, after it stopped: a restart); a free one by default. */
    port?: number;
    /** A mail catcher's folder to show at /dev/mail, as `npm start` does. */
    devMailDir?: string;
    /** The inbound webhooks' secrets (none: every webhook endpoint answers 404). */
    webhooks?: WebhookSecrets;
    /** GRAPHIQL=true, as in development (the default here is production's false). */
    graphiql?: boolean;
  } = {},
): Promise<TestApi> {
  const log = createLogger('test-api', process.env.LOG_LEVEL ?? 'warn');
  const services = { ...createDbServices(sys.db), tickets: sys.tickets };
  const metrics = createApiMetrics();
  const rateLimitPool = new pg.Pool({ connectionString: sys.url, max: 2 });
  // As api/main.ts does: a test that ends Postgres connections must not crash the test process.
  survivesLostConnections(rateLimitPool, () => {});
  const live = await startTicketEventSource(sys.url, log);
  const tokens = {
    secret: new TextEncoder().encode('a test secret of at least thirty-two characters'),
    accessTtlSeconds: options.accessTtlSeconds ?? 900,
    refreshTtlDays: 30,
  };
  const corsOrigins = ['http://localhost:5173'];
  const graphql = createGraphQLServer({
    metrics,
    db: sys.db,
    services,
    log,
    tokens,
    rateLimits: createRateLimits(rateLimitPool, { ...GENEROUS_LIMITS, ...options.rateLimits }, log),
    temporalUiUrl: 'http://127.0.0.1:8233',
    namespace: sys.namespace,
    live,
    // The test's push service listens on http://127.0.0.1, as in development.
    webPush: { keys: keptVapidKeys(sys.db, {}), allowLocalEndpoints: true },
    corsOrigins,
    graphiql: options.graphiql ?? false,
    devMailPage: !!options.devMailDir,
  });
  const app = createApp({
    db: sys.db,
    temporal: sys.temporal,
    log,
    services,
    graphql,
    downloads: createDownloads({ db: sys.db, tokens, services, log, corsOrigins }),
    metrics,
    taskQueue: sys.taskQueue,
    ...(options.webDist && { webDist: options.webDist }),
    ...(options.devMailDir && { devMail: { dir: options.devMailDir, tokens } }),
    ...(options.webhooks && { webhooks: options.webhooks }),
  });
  const server: Server = app.listen(options.port ?? 0, '127.0.0.1');
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const api: TestApi = {
    url,
    live,
    async gql(query, variables, auth = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(auth.token && { authorization: `Bearer ${auth.token}` }),
          ...(auth.cookie && { cookie: auth.cookie }),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
      return { status: response.status, headers: response.headers, ...body } as GraphQLResponse<never>;
    },
    async upload(query, variables, files, auth = {}) {
      const form = new FormData();
      const parts = Object.entries(files);
      form.append('operations', JSON.stringify({ query, variables }));
      form.append('map', JSON.stringify(Object.fromEntries(parts.map(([path], i) => [String(i), [path]]))));
      parts.forEach(([, file], i) => form.append(String(i), file));
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          ...(auth.csrf !== false && { 'x-graphql-csrf': '1' }),
          ...(auth.token && { authorization: `Bearer ${auth.token}` }),
        },
        body: form,
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
      return { status: response.status, headers: response.headers, ...body } as GraphQLResponse<never>;
    },
    async signIn(email) {
      const result = await api.gql<{ login: { accessToken: string } }>(
        'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
        { email, password: DEMO_PASSWORD },
      );
      if (!result.data?.login) throw new Error(`cannot sign in ${email}: ${JSON.stringify(result.errors)}`);
      return result.data.login.accessToken;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rateLimitPool.end();
      await live.stop();
    },
  };
  return api;
}

/** it-support tickets the person with `token` submits, one by one in order: their numbers. */
export async function submitTickets(api: TestApi, token: string, tickets: [title: string, priority?: string][]) {
  const numbers: string[] = [];
  for (const [title, priority] of tickets) {
    const created = await api.gql<{ createTicket: { number: string } }>(
      'mutation ($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
      { i: { process: 'it-support', title, ...(priority && { priority }), fields: { category: 'hardware' } } },
      { token },
    );
    if (!created.data) throw new Error(`createTicket: ${JSON.stringify(created.errors)}`);
    numbers.push(created.data.createTicket.number);
  }
  return numbers;
}
