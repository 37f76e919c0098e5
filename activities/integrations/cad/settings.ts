// The CAD vendor's part of the configuration: the Autodesk Platform Services app (server-to-server,
// 2-legged) `cad` actions read drawings with, the project of drawings that name none, and the secret
// token of the APS webhooks that tell tickets about new versions. Unset APS_CLIENT_ID: the actions are
// recorded as not configured; unset APS_WEBHOOK_SECRET: /webhooks/aps answers 404.
import { z } from 'zod';
import type { ParsedVariables, VendorSettings } from '../vendor.js';
import { webhookSecret } from '../webhooks.js';

const variables = {
  /** Autodesk Platform Services app (server-to-server, 2-legged) that `cad` integration actions read
   * drawings with. Unset: those actions are recorded as not configured. */
  APS_CLIENT_ID: z.string().min(1).optional(),
  APS_CLIENT_SECRET: z.string().min(1).optional(),
  /** The project drawings are in when a drawing names no project (b.<id> for ACC/BIM 360). */
  APS_PROJECT_ID: z
    .string()
    .regex(/^[ab]\.[\w-]+$/, 'must be a Data Management project id such as b.1a2b3c4d-…')
    .optional(),
  APS_BASE_URL: z
    .url('must be a URL such as https://developer.api.autodesk.com')
    .default('https://developer.api.autodesk.com'),
  /** The secret token of the APS webhooks that POST to /webhooks/aps (x-adsk-signature). */
  APS_WEBHOOK_SECRET: webhookSecret,
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
