// The ERP's part of the configuration: the OData v4 service `erp` actions place orders in, its
// credentials (Basic auth or a Bearer token, exactly one), and how often a ticket checks an open order.
// Unset ERP_URL: the actions are recorded as not configured. The ERP has no webhook: it does not call
// back, so tickets check on their orders (workflows/ticket/order-watch.ts).
import { z } from 'zod';
import { doc } from '../../../platform/setting-docs.js';
import type { ParsedVariables, VendorSettings } from '../vendor.js';

const variables = {
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
};

export interface ErpSettings {
  /** The OData service root, without a trailing slash. */
  url: string;
  auth: { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };
  /** How often a ticket checks an open order's status. */
  pollEveryMs: number;
}

/** Where `erp` integration actions go, or undefined when the ERP is not configured. */
export function erpSettings(config: ParsedVariables<typeof variables>): ErpSettings | undefined {
  const { ERP_URL: url, ERP_USERNAME: username, ERP_PASSWORD: password, ERP_TOKEN: token } = config;
  if (!url) return undefined;
  const auth: ErpSettings['auth'] | undefined =
    username && password ? { kind: 'basic', username, password } : token ? { kind: 'bearer', token } : undefined;
  if (!auth) return undefined;
  return { url: url.replace(/\/+$/, ''), auth, pollEveryMs: config.ERP_POLL_SECONDS * 1000 };
}

/** The ERP takes Basic auth (username and password) or a Bearer token, exactly one, and only with its URL. */
function erpProblems(set: (variable: string) => boolean): string[] {
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

/** The ERP's part of the configuration. */
export const erpConfig = {
  variables,
  switchedOnBy: 'ERP_URL',
  problems: erpProblems,
  read: erpSettings,
  env: (settings) => ({
    ERP_URL: settings.url,
    ...(settings.auth.kind === 'basic'
      ? { ERP_USERNAME: settings.auth.username, ERP_PASSWORD: settings.auth.password }
      : { ERP_TOKEN: settings.auth.token }),
    ERP_POLL_SECONDS: String(settings.pollEveryMs / 1000),
  }),
} satisfies VendorSettings<ErpSettings, typeof variables>;
