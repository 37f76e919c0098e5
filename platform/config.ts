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
import { formatPath } from './text.js';

const port = z.coerce.number().int().min(1).max(65535);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const schema = z.object({
  /** Postgres to use; when unset, `npm start` runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  /** host:port of a Temporal frontend; when unset, `npm start` runs a Temporal dev server. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('ticketflow'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('tickets'),
  /** Register the namespace and search attributes at start-up (turn off on Temporal Cloud). */
  TEMPORAL_SETUP: flag.default(true),
  TEMPORAL_CLI: z.string().optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(4000),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** host:port where the worker serves the Temporal SDK's Prometheus metrics (workflow and activity
   * outcomes, task latencies); unset, it serves none. */
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port')
    .optional(),
  /** Tickets a worker keeps in memory (about 0.3 MiB each); beyond it a change replays the history. */
  WORKER_CACHED_TICKETS: z.coerce.number().int().min(0).max(100_000).default(2000),
  /** A prebuilt workflow bundle (npm run build:workflows; the Docker image has one): the worker starts
   * without bundling the workflow code itself. */
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** Events a ticket workflow handles before it continues as new, keeping its history small. */
  TICKET_CONTINUE_AS_NEW_AFTER: z.coerce.number().int().min(10).max(5000).default(500),
  /** Seed the demo people, groups and sample processes on start (development only). */
  SEED_DEMO_DATA: flag.default(true),
  /** Signs access tokens; every API replica needs the same. Unset: one is made and kept in DATA_DIR. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long an access token lives; a client renews it with its refresh token. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** How long a sign-in lasts without use, in days. */
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Browser origins allowed to call the API (comma-separated); the API's own origin always is. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url('each origin must be a URL such as http://localhost:5173'))),
  /** The GraphiQL page at /graphql (a development aid: turn off in production). */
  GRAPHIQL: flag.default(true),
  /** Sign-in attempts allowed per email and client address per minute (shared by every replica). */
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Registrations allowed per client address per hour. */
  RATE_LIMIT_REGISTER_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(5),
  /** Signals one API key may send per minute. */
  RATE_LIMIT_SIGNALS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** The largest attachment, in bytes; an upload stops being read past it. */
  MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 ** 3)
    .default(25 * 1024 * 1024),
  /** Content types accepted for attachments (comma-separated); unset, the list in platform/tickets/attachments.ts. */
  ATTACHMENT_CONTENT_TYPES: z
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
  /** smtp:// or smtps:// URL of the mail server notifications go through; unset, `npm start` runs a
   * local mail catcher and a worker on its own sends no mail (recorded as not configured). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587')
    .optional(),
  /** The sender of notification mail. */
  MAIL_FROM: z.string().min(3).default('Ticketflow <ticketflow@localhost>'),
  /** The port of `npm start`'s mail catcher (when SMTP_URL is unset). */
  MAIL_CATCHER_PORT: port.default(2525),
  /** Development: the API shows the mail catcher's mail at /dev/mail (`npm start` sets it when it runs one). */
  DEV_MAIL_PAGE: flag.default(false),
  /** Where people reach the web app: the base of the links in notifications. Unset: the API's own address. */
  PUBLIC_URL: z.url('must be a URL such as https://help.example.com').optional(),
  /** The VAPID key pair Web Push messages are signed with (base64url, as web-push makes them). Unset: a
   * pair is made at first start and kept in Postgres, shared by every API replica and worker. */
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, 'must be a base64url P-256 public key (87 characters)')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url P-256 private key (43 characters)')
    .optional(),
  /** Who push services may contact about our messages. Unset: PUBLIC_URL when https, else mailto: MAIL_FROM. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'must be a mailto: or https: URL')
    .optional(),
  ...vendorVariables,
});

/** Settings that only work together, each lead with the others: all set, or none. */
const together: Record<string, readonly string[]> = Object.assign(
  { VAPID_PUBLIC_KEY: ['VAPID_PRIVATE_KEY'] },
  ...vendors.map((vendor) => vendor.settings.together ?? {}),
);

export type Config = Readonly<Omit<z.infer<typeof schema>, 'DATA_DIR'> & { DATA_DIR: string }>;

/** Every environment variable the parser reads. */
export const configKeys = Object.keys(schema.shape) as (keyof z.infer<typeof schema>)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(configKeys.filter((key) => env[key] !== '').map((key) => [key, env[key]]));
  const parsed = schema.safeParse(present);
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
