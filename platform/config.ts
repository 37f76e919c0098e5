// Configuration, parsed once from the environment. Every setting has a default that runs the whole
// system on one machine; a bad value stops the process with one message listing every problem.
import { resolve } from 'node:path';
import { z } from 'zod';
import { formatPath } from './text.js';

/**
 * What a setting means, for operators. Every setting of the schema carries one (`doc` below):
 * docs/operations.md's configuration table is generated from them and from the schema's defaults
 * (`npm run docs:tables`; test/unit/docs-tables.test.ts fails when the committed table differs).
 */
export interface SettingDoc {
  /** What it does, in Markdown. */
  meaning: string;
  /** What an unset setting without a default means (`npm start` runs its own PostgreSQL, …). */
  unset?: string;
}
export const settingDocs = z.registry<SettingDoc>();
function doc<T extends z.ZodType>(setting: T, meaning: string, unset?: string): T {
  settingDocs.add(setting, { meaning, ...(unset !== undefined && { unset }) });
  return setting;
}

const port = () => z.coerce.number().int().min(1).max(65535);
const flag = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
const hostPort = () => z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port');

/** A webhook's shared secret: long enough that guessing it is out of the question. */
const webhookSecret = (meaning: string, endpoint: string) =>
  doc(
    z.string().min(16, 'must be at least 16 characters').optional(),
    `${meaning} (at least 16 characters)`,
    `\`${endpoint}\` answers 404`,
  );

export const configSchema = z.object({
  DATABASE_URL: doc(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    '`postgres://…` of the database; when set, nothing local starts for PostgreSQL',
    'an embedded PostgreSQL that `npm start` runs under `DATA_DIR`',
  ),
  EMBEDDED_POSTGRES_PORT: doc(port().default(54329), 'port of the embedded PostgreSQL'),
  TEMPORAL_ADDRESS: doc(
    hostPort().optional(),
    '`host:port` of a Temporal frontend; when set, no dev server starts',
    'a Temporal dev server that `npm start` runs (`DATA_DIR/temporal.db`)',
  ),
  TEMPORAL_NAMESPACE: doc(z.string().min(1).default('ticketflow'), 'namespace of the ticket workflows'),
  TEMPORAL_TASK_QUEUE: doc(z.string().min(1).default('tickets'), 'task queue of the worker'),
  TEMPORAL_SETUP: doc(
    flag().default(true),
    'register the namespace (30-day retention) and the search attributes at start (turn off where the operator does it, e.g. Temporal Cloud)',
  ),
  TEMPORAL_CLI: doc(
    z.string().optional(),
    'the Temporal CLI binary (runs the dev server)',
    'found on `PATH`, else `.tools/venv/bin/temporal`',
  ),
  TEMPORAL_DEV_PORT: doc(port().default(7233), 'port of the Temporal dev server'),
  TEMPORAL_UI_PORT: doc(port().default(8233), "port of the dev server's Web UI"),
  API_HOST: doc(z.string().min(1).default('127.0.0.1'), 'where the API listens'),
  API_PORT: doc(port().default(4000), 'the port the API listens on'),
  DATA_DIR: doc(
    z.string().min(1).default('.data'),
    "local state: the embedded PostgreSQL and `temporal.db` of `npm start`, attachments, the kept `auth-secret`, the mail catcher's mail",
  ),
  LOG_LEVEL: doc(
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    '`trace` … `fatal`, or `silent`',
  ),
  WORKER_METRICS_ADDRESS: doc(
    hostPort().optional(),
    "`host:port` where a worker serves the Temporal SDK's Prometheus metrics (workflow and activity outcomes, task latencies)",
    'no metrics served',
  ),
  WORKER_CACHED_TICKETS: doc(
    z.coerce.number().int().min(0).max(100_000).default(2000),
    "tickets a worker keeps in memory, about 0.3 MiB each (2,000 ≈ 600 MiB of heap); beyond it a change replays the ticket's history",
  ),
  WORKFLOW_BUNDLE: doc(
    z.string().min(1).optional(),
    'a workflow bundle built ahead (`npm run build:workflows`, as the Docker image does): the worker starts without bundling the workflow code',
    'the worker bundles the workflow code at start',
  ),
  TICKET_CONTINUE_AS_NEW_AFTER: doc(
    z.coerce.number().int().min(10).max(5000).default(500),
    'events a ticket workflow handles before it continues as new, keeping its history small',
  ),
  SEED_DEMO_DATA: doc(
    flag().default(true),
    'seed the demo people, groups and sample processes on `npm start` (development only)',
  ),
  AUTH_SECRET: doc(
    z.string().min(32, 'must be at least 32 characters').optional(),
    'signs access tokens (at least 32 characters); every API replica needs the same one',
    'one is made and kept in `DATA_DIR/auth-secret`',
  ),
  ACCESS_TOKEN_TTL_SECONDS: doc(
    z.coerce.number().int().min(30).max(86_400).default(900),
    'how long an access token lives, in seconds; clients renew it with their refresh token',
  ),
  REFRESH_TOKEN_TTL_DAYS: doc(
    z.coerce.number().int().min(1).max(365).default(30),
    'how long a sign-in lasts without use, in days',
  ),
  CORS_ORIGINS: doc(
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url('each origin must be a URL such as http://localhost:5173'))),
    'browser origins (comma-separated) allowed to call the API besides its own, which always is',
  ),
  GRAPHIQL: doc(
    flag().default(true),
    'the GraphiQL page at `/graphql`, and introspection for anyone; turn it off in production (introspection then needs a sign-in or an API key)',
  ),
  RATE_LIMIT_LOGIN_PER_MINUTE: doc(
    z.coerce.number().int().min(1).max(100_000).default(10),
    'sign-in attempts per email and client address, a minute (shared by every replica)',
  ),
  RATE_LIMIT_REGISTER_PER_HOUR: doc(
    z.coerce.number().int().min(1).max(100_000).default(5),
    'registrations per client address, an hour',
  ),
  RATE_LIMIT_SIGNALS_PER_MINUTE: doc(
    z.coerce.number().int().min(1).max(1_000_000).default(600),
    'signals per API key, a minute',
  ),
  MAX_ATTACHMENT_BYTES: doc(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(1024 ** 3)
      .default(25 * 1024 * 1024),
    'the largest attachment, in bytes; an upload stops being read at this size',
  ),
  ATTACHMENT_CONTENT_TYPES: doc(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'each must be a content type such as application/pdf'))
          .min(1, 'must name at least one content type'),
      )
      .optional(),
    'content types accepted for attachments (comma-separated)',
    "common safe types: pictures, video, PDF, text, mail, Office, archives (the ticket service's `attachments.ts`)",
  ),
  SMTP_URL: doc(
    z
      .string()
      .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587')
      .optional(),
    '`smtp://user:pass@host:587` (or `smtps://`) of the mail server notifications go through',
    '`npm start` runs a mail catcher; a worker started on its own records mail as not configured',
  ),
  MAIL_FROM: doc(z.string().min(3).default('Ticketflow <ticketflow@localhost>'), 'the sender of notification mail'),
  MAIL_CATCHER_PORT: doc(
    port().default(2525),
    "port of `npm start`'s development mail catcher (only without `SMTP_URL`)",
  ),
  DEV_MAIL_PAGE: doc(
    flag().default(false),
    "show the mail catcher's mail at `/dev/mail` (development only; `npm start` sets it beside its mail catcher)",
  ),
  PUBLIC_URL: doc(
    z.url('must be a URL such as https://help.example.com').optional(),
    'where people reach the web app: the base of the links in notifications',
    "the API's own address",
  ),
  JIRA_URL: doc(
    z.url('must be a URL such as https://example.atlassian.net').optional(),
    'Jira (Cloud or Data Center) that `jira` integration actions create issues in, e.g. `https://example.atlassian.net`; set it with `JIRA_EMAIL`, `JIRA_API_TOKEN` and `JIRA_PROJECT_KEY`',
    'Jira not configured: its actions are recorded as `not_configured`',
  ),
  JIRA_EMAIL: doc(
    z.email('must be an email address').optional(),
    'the Atlassian account the API token belongs to',
    '—',
  ),
  JIRA_API_TOKEN: doc(z.string().min(1).optional(), "that account's API token (Basic auth)", '—'),
  JIRA_PROJECT_KEY: doc(
    z
      .string()
      .regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as ENG')
      .optional(),
    'the project issues are created in, e.g. `ENG`',
    '—',
  ),
  JIRA_ISSUE_TYPE: doc(z.string().min(1).default('Task'), 'the issue type of created issues'),
  ERP_URL: doc(
    z.url('must be a URL such as https://erp.example.com/odata/v4/purchasing').optional(),
    'OData v4 service root of the ERP that `erp` actions place orders in, e.g. `https://erp.example.com/odata/v4/purchasing`; set it with credentials',
    'ERP not configured: its actions are recorded as `not_configured`',
  ),
  ERP_USERNAME: doc(
    z.string().min(1).optional(),
    'Basic auth for the ERP, with `ERP_PASSWORD` (or `ERP_TOKEN` instead of both)',
    '—',
  ),
  ERP_PASSWORD: doc(z.string().min(1).optional(), 'Basic auth for the ERP, with `ERP_USERNAME`', '—'),
  ERP_TOKEN: doc(z.string().min(1).optional(), 'Bearer token for the ERP, instead of a username and password', '—'),
  ERP_POLL_SECONDS: doc(
    z.coerce.number().int().min(1).max(86_400).default(300),
    'how often a ticket checks the status of an ERP order it placed while the order is open',
  ),
  JIRA_WEBHOOK_SECRET: webhookSecret(
    'the secret of the Jira webhook that calls `/webhooks/jira` (Jira signs with it: `X-Hub-Signature`)',
    '/webhooks/jira',
  ),
  SALESFORCE_WEBHOOK_SECRET: webhookSecret(
    "the secret Salesforce's callouts to `/webhooks/salesforce` sign with (`X-Ticketflow-Signature`)",
    '/webhooks/salesforce',
  ),
  APS_WEBHOOK_SECRET: webhookSecret(
    'the secret token of the APS webhooks that call `/webhooks/aps` (`x-adsk-signature`)',
    '/webhooks/aps',
  ),
  VAPID_PUBLIC_KEY: doc(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, 'must be a base64url P-256 public key (87 characters)')
      .optional(),
    'the public half of the VAPID key pair Web Push is signed with (base64url, as `npx web-push generate-vapid-keys` prints it); set both halves or neither',
    'a pair is made at first start and kept in PostgreSQL, shared by every API replica and worker',
  ),
  VAPID_PRIVATE_KEY: doc(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url P-256 private key (43 characters)')
      .optional(),
    'the private half of that pair',
    'as `VAPID_PUBLIC_KEY`',
  ),
  VAPID_SUBJECT: doc(
    z
      .string()
      .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'must be a mailto: or https: URL')
      .optional(),
    'how push services reach the operator: a `mailto:` or `https:` URL',
    '`PUBLIC_URL` if https, else `mailto:` of `MAIL_FROM`',
  ),
  SALESFORCE_LOGIN_URL: doc(
    z.url('must be a URL such as https://example.my.salesforce.com').optional(),
    'My Domain URL of the org `salesforce` actions go to, e.g. `https://example.my.salesforce.com`, where they get their token (OAuth 2.0 client credentials flow, which needs My Domain); set it with the two below',
    'Salesforce not configured: its actions are recorded as `not_configured`',
  ),
  SALESFORCE_CLIENT_ID: doc(
    z.string().min(1).optional(),
    'consumer key of the connected app with the client credentials flow enabled (and a run-as integration user)',
    '—',
  ),
  SALESFORCE_CLIENT_SECRET: doc(z.string().min(1).optional(), "that app's consumer secret", '—'),
  SALESFORCE_API_VERSION: doc(
    z
      .string()
      .regex(/^\d{2,3}\.0$/, 'must be an API version such as 62.0')
      .refine((version) => Number(version) >= 46, 'must be 46.0 or later')
      .default('62.0'),
    'REST API version: 46.0 or later (upserts then answer with the record id)',
  ),
  SALESFORCE_CASE_EXTERNAL_ID_FIELD: doc(
    z
      .string()
      .regex(/^[A-Za-z]\w*__c$/, 'must be a custom field name such as Ticketflow_Effect_Id__c')
      .default('Ticketflow_Effect_Id__c'),
    "the Case's custom field (Text(64), External ID, Unique) that holds the action run's id and makes `create_case` idempotent",
  ),
  SALESFORCE_RESOLVED_STATUS: doc(
    z.string().min(1).default('Closed'),
    'the Case status `update_case` sets (a value of the Status picklist)',
  ),
  APS_CLIENT_ID: doc(
    z.string().min(1).optional(),
    'Autodesk Platform Services app (server-to-server) that `cad` actions read drawings with; set it with the one below',
    'CAD not configured: its actions are recorded as `not_configured`',
  ),
  APS_CLIENT_SECRET: doc(
    z.string().min(1).optional(),
    "that app's client secret (2-legged token, scope `data:read`)",
    '—',
  ),
  APS_PROJECT_ID: doc(
    z
      .string()
      .regex(/^[ab]\.[\w-]+$/, 'must be a Data Management project id such as b.1a2b3c4d-…')
      .optional(),
    'Data Management project of drawings that name none, e.g. `b.1a2b…` (ACC/BIM 360)',
    'a drawing must name its project',
  ),
  APS_BASE_URL: doc(
    z.url('must be a URL such as https://developer.api.autodesk.com').default('https://developer.api.autodesk.com'),
    'where APS is',
  ),
});
/** Settings that only work together: all set, or none. */
const together = {
  JIRA_URL: ['JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY'],
  VAPID_PUBLIC_KEY: ['VAPID_PRIVATE_KEY'],
  SALESFORCE_LOGIN_URL: ['SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET'],
  APS_CLIENT_ID: ['APS_CLIENT_SECRET'],
} as const;

export type Config = Readonly<Omit<z.infer<typeof configSchema>, 'DATA_DIR'> & { DATA_DIR: string }>;

/** Every environment variable the parser reads. */
export const configKeys = Object.keys(configSchema.shape) as (keyof z.infer<typeof configSchema>)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(configKeys.filter((key) => env[key] !== '').map((key) => [key, env[key]]));
  const parsed = configSchema.safeParse(present);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  for (const [lead, rest] of Object.entries(together)) {
    const group = [lead, ...rest];
    const missing = group.filter((key) => present[key] === undefined);
    if (missing.length > 0 && missing.length < group.length)
      problems.push(...missing.map((key) => `${key}: must be set with ${group.filter((k) => k !== key).join(', ')}`));
  }
  problems.push(...erpProblems(present));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ ...parsed.data, DATA_DIR: resolve(parsed.data.DATA_DIR) });
}

/** The ERP takes Basic auth (username and password) or a Bearer token, exactly one, and only with its URL. */
function erpProblems(present: Record<string, unknown>): string[] {
  const set = (key: string) => present[key] !== undefined;
  const problems: string[] = [];
  if (set('ERP_USERNAME') !== set('ERP_PASSWORD'))
    problems.push(`${set('ERP_USERNAME') ? 'ERP_PASSWORD' : 'ERP_USERNAME'}: must be set with it (Basic auth)`);
  const basic = set('ERP_USERNAME') || set('ERP_PASSWORD');
  if (basic && set('ERP_TOKEN')) problems.push('ERP_TOKEN: set either it or ERP_USERNAME and ERP_PASSWORD, not both');
  if (set('ERP_URL') && !basic && !set('ERP_TOKEN'))
    problems.push('ERP_URL: must be set with ERP_TOKEN, or with ERP_USERNAME and ERP_PASSWORD');
  if (!set('ERP_URL') && (basic || set('ERP_TOKEN'))) problems.push('ERP_URL: must be set with the ERP credentials');
  return problems;
}

/** Exits with a readable message instead of a stack trace when the environment is wrong. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** Where Postgres is: DATABASE_URL, else the embedded PostgreSQL that `npm start` runs. */
export function databaseUrl(config: Config): string {
  return config.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_POSTGRES_PORT}/ticketflow`;
}

export interface JiraSettings {
  url: string;
  email: string;
  apiToken: string;
  projectKey: string;
  issueType: string;
}

/** Where `jira` integration actions go, or undefined when Jira is not configured. */
export function jiraSettings(config: Config): JiraSettings | undefined {
  const { JIRA_URL: url, JIRA_EMAIL: email, JIRA_API_TOKEN: apiToken, JIRA_PROJECT_KEY: projectKey } = config;
  if (!url || !email || !apiToken || !projectKey) return undefined;
  return { url: url.replace(/\/+$/, ''), email, apiToken, projectKey, issueType: config.JIRA_ISSUE_TYPE };
}

export interface ErpSettings {
  /** The OData service root, without a trailing slash. */
  url: string;
  auth: { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };
  /** How often a ticket checks an open order's status. */
  pollEveryMs: number;
}

/** Where `erp` integration actions go, or undefined when the ERP is not configured. */
export function erpSettings(config: Config): ErpSettings | undefined {
  const { ERP_URL: url, ERP_USERNAME: username, ERP_PASSWORD: password, ERP_TOKEN: token } = config;
  if (!url) return undefined;
  const auth: ErpSettings['auth'] | undefined =
    username && password ? { kind: 'basic', username, password } : token ? { kind: 'bearer', token } : undefined;
  if (!auth) return undefined;
  return { url: url.replace(/\/+$/, ''), auth, pollEveryMs: config.ERP_POLL_SECONDS * 1000 };
}

/** The secrets of the inbound webhooks (api/webhooks/); a vendor without one has no endpoint. */
export interface WebhookSecrets {
  jira?: string;
  salesforce?: string;
  aps?: string;
}

export function webhookSecrets(config: Config): WebhookSecrets {
  return {
    ...(config.JIRA_WEBHOOK_SECRET && { jira: config.JIRA_WEBHOOK_SECRET }),
    ...(config.SALESFORCE_WEBHOOK_SECRET && { salesforce: config.SALESFORCE_WEBHOOK_SECRET }),
    ...(config.APS_WEBHOOK_SECRET && { aps: config.APS_WEBHOOK_SECRET }),
  };
}

export interface SalesforceSettings {
  /** Where the token comes from (the org's My Domain); the API calls go to the instance it names. */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  apiVersion: string;
  externalIdField: string;
  resolvedStatus: string;
}

/** Where `salesforce` integration actions go, or undefined when Salesforce is not configured. */
export function salesforceSettings(config: Config): SalesforceSettings | undefined {
  const {
    SALESFORCE_LOGIN_URL: loginUrl,
    SALESFORCE_CLIENT_ID: clientId,
    SALESFORCE_CLIENT_SECRET: clientSecret,
  } = config;
  if (!loginUrl || !clientId || !clientSecret) return undefined;
  return {
    loginUrl: loginUrl.replace(/\/+$/, ''),
    clientId,
    clientSecret,
    apiVersion: config.SALESFORCE_API_VERSION,
    externalIdField: config.SALESFORCE_CASE_EXTERNAL_ID_FIELD,
    resolvedStatus: config.SALESFORCE_RESOLVED_STATUS,
  };
}

export interface ApsSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The project of drawings that name none. */
  projectId?: string;
}

/** Where `cad` integration actions go (Autodesk Platform Services), or undefined when not configured. */
export function apsSettings(config: Config): ApsSettings | undefined {
  const { APS_CLIENT_ID: clientId, APS_CLIENT_SECRET: clientSecret, APS_PROJECT_ID: projectId } = config;
  if (!clientId || !clientSecret) return undefined;
  return { baseUrl: config.APS_BASE_URL.replace(/\/+$/, ''), clientId, clientSecret, ...(projectId && { projectId }) };
}

/** The web app's address as people reach it: PUBLIC_URL, else the API's own. */
export function publicUrl(config: Config): string {
  const host = config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST;
  return config.PUBLIC_URL ?? `http://${host}:${config.API_PORT}`;
}

export interface WebPushSettings {
  /** The operator's key pair; unset, the one kept in Postgres (made at first start). */
  keys?: { publicKey: string; privateKey: string };
  /** The VAPID `sub` claim: how a push service reaches the operator. */
  subject: string;
  /** Accept http:// endpoints on this machine (127.0.0.1, localhost): only where the app itself is
   * served over http, i.e. in development, since browsers allow push only in secure contexts. */
  allowLocalEndpoints: boolean;
}

export function webPushSettings(config: Config): WebPushSettings {
  const base = publicUrl(config);
  const mailFrom = /<([^>]+)>/.exec(config.MAIL_FROM)?.[1] ?? config.MAIL_FROM;
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = config;
  return {
    ...(publicKey && privateKey && { keys: { publicKey, privateKey } }),
    subject: config.VAPID_SUBJECT ?? (base.startsWith('https:') ? base : `mailto:${mailFrom}`),
    allowLocalEndpoints: !base.startsWith('https:'),
  };
}
