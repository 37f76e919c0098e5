// Salesforce's part of the configuration: the org `salesforce` actions sign in to (OAuth 2.0 client
// credentials of a connected app), the API version, the Case fields they rely on, and the secret its
// callouts to /webhooks/salesforce sign with. Unset SALESFORCE_LOGIN_URL: the actions are recorded as
// not configured; unset SALESFORCE_WEBHOOK_SECRET: /webhooks/salesforce answers 404.
import { z } from 'zod';
import { doc } from '../../../platform/setting-docs.js';
import type { ParsedVariables, VendorSettings } from '../vendor.js';
import { webhookSecret } from '../webhooks.js';

const variables = {
  SALESFORCE_WEBHOOK_SECRET: webhookSecret(
    "the secret Salesforce's callouts to `/webhooks/salesforce` sign with (`X-Ticketflow-Signature`)",
    '/webhooks/salesforce',
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
};

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
export function salesforceSettings(config: ParsedVariables<typeof variables>): SalesforceSettings | undefined {
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

/** Salesforce's part of the configuration. */
export const salesforceConfig = {
  variables,
  switchedOnBy: 'SALESFORCE_LOGIN_URL',
  together: { SALESFORCE_LOGIN_URL: ['SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET'] },
  read: salesforceSettings,
  env: (settings) => ({
    SALESFORCE_LOGIN_URL: settings.loginUrl,
    SALESFORCE_CLIENT_ID: settings.clientId,
    SALESFORCE_CLIENT_SECRET: settings.clientSecret,
    SALESFORCE_API_VERSION: settings.apiVersion,
    SALESFORCE_CASE_EXTERNAL_ID_FIELD: settings.externalIdField,
    SALESFORCE_RESOLVED_STATUS: settings.resolvedStatus,
  }),
} satisfies VendorSettings<SalesforceSettings, typeof variables>;
