// Configuration, parsed once from the environment. Every setting has a default that runs the whole
// system on one machine; a bad value stops the process with one message listing every problem. The
// vendors' variables are theirs (activities/integrations/<vendor>/settings.ts): one schema takes them
// all from the list of vendors, so their problems are reported with everyone else's.
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  vendors,
  vendorVariables,
  webhookReceivers,
  type VendorSettingsBySystem,
  type WebhookVendor,
} from '../activities/integrations/vendors.js';
import { doc } from './setting-docs.js';
import { CONTINUE_AS_NEW_AFTER } from './tickets/run-length.js';
import { formatPath } from './text.js';

const port = () => z.coerce.number().int().min(1).max(65535);
const flag = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
const hostPort = () => z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port');

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
    z.coerce.number().int().min(2).max(5000).default(CONTINUE_AS_NEW_AFTER),
    'inputs (changes, timers, activity results) a ticket workflow handles before it continues as new: a short history keeps a change to a ticket the worker no longer caches as fast as one to a new ticket',
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
  ...vendorVariables,
});
/** Settings that only work together, each lead with the others: all set, or none. */
const together: Record<string, readonly string[]> = Object.assign(
  { VAPID_PUBLIC_KEY: ['VAPID_PRIVATE_KEY'] },
  ...vendors.map((vendor) => vendor.settings.together ?? {}),
);

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
  const set = (key: string) => present[key] !== undefined;
  for (const vendor of vendors) problems.push(...(vendor.settings.problems?.(set) ?? []));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ ...parsed.data, DATA_DIR: resolve(parsed.data.DATA_DIR) });
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

/** Where each vendor's integration actions go: the settings of every configured vendor, by system. */
export function vendorSettings(config: Config): VendorSettingsBySystem {
  const configured = vendors.flatMap((vendor) => {
    const settings = vendor.settings.read(config);
    return settings === undefined ? [] : [[vendor.system, settings] as const];
  });
  return Object.fromEntries(configured) as VendorSettingsBySystem;
}

/** The secrets of the inbound webhooks (api/webhooks/), by vendor; a vendor without one has no endpoint. */
export type WebhookSecrets = Partial<Record<WebhookVendor, string>>;

export function webhookSecrets(config: Config): WebhookSecrets {
  const variables: Readonly<Record<string, unknown>> = config;
  const secrets = webhookReceivers.flatMap(({ name, webhook }) => {
    const secret = variables[webhook.secretVariable];
    return typeof secret === 'string' ? [[name, secret] as const] : [];
  });
  return Object.fromEntries(secrets);
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
