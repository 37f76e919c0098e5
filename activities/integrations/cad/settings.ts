// The CAD vendor's part of the configuration: the Autodesk Platform Services app (server-to-server,
// 2-legged) `cad` actions read drawings with, the project of drawings that name none, and the secret
// token of the APS webhooks that tell tickets about new versions. Unset APS_CLIENT_ID: the actions are
// recorded as not configured; unset APS_WEBHOOK_SECRET: /webhooks/aps answers 404.
import { z } from 'zod';
import { doc } from '../../../platform/setting-docs.js';
import type { ParsedVariables, VendorSettings } from '../vendor.js';
import { webhookSecret } from '../webhooks.js';

const variables = {
  APS_WEBHOOK_SECRET: webhookSecret(
    'the secret token of the APS webhooks that call `/webhooks/aps` (`x-adsk-signature`)',
    '/webhooks/aps',
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
};

export interface ApsSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The project of drawings that name none. */
  projectId?: string;
}

/** Where `cad` integration actions go (Autodesk Platform Services), or undefined when not configured. */
export function apsSettings(config: ParsedVariables<typeof variables>): ApsSettings | undefined {
  const { APS_CLIENT_ID: clientId, APS_CLIENT_SECRET: clientSecret, APS_PROJECT_ID: projectId } = config;
  if (!clientId || !clientSecret) return undefined;
  return { baseUrl: config.APS_BASE_URL.replace(/\/+$/, ''), clientId, clientSecret, ...(projectId && { projectId }) };
}

/** The CAD vendor's (APS's) part of the configuration. */
export const apsConfig = {
  variables,
  switchedOnBy: 'APS_CLIENT_ID',
  together: { APS_CLIENT_ID: ['APS_CLIENT_SECRET'] },
  read: apsSettings,
  env: (settings) => ({
    APS_BASE_URL: settings.baseUrl,
    APS_CLIENT_ID: settings.clientId,
    APS_CLIENT_SECRET: settings.clientSecret,
    ...(settings.projectId && { APS_PROJECT_ID: settings.projectId }),
  }),
} satisfies VendorSettings<ApsSettings, typeof variables>;
