// Salesforce's part of the configuration: the org `salesforce` actions sign in to (OAuth 2.0 client
// credentials of a connected app), the API version, the Case fields they rely on, and the secret its
// callouts to /webhooks/salesforce sign with. Unset SALESFORCE_LOGIN_URL: the actions are recorded as
// not configured; unset SALESFORCE_WEBHOOK_SECRET: /webhooks/salesforce answers 404.
import { z } from 'zod';
import type { ParsedVariables, VendorSettings } from '../vendor.js';
import { webhookSecret } from '../webhooks.js';

const variables = {
  /** The Salesforce org's My Domain URL, e.g. https://example.my.salesforce.com, where `salesforce`
   * integration actions get their token (OAuth 2.0 client credentials flow, which needs My Domain).
   * Unset: those actions are recorded as not configured. */
  SALESFORCE_LOGIN_URL: z.url('must be a URL such as https://example.my.salesforce.com').optional(),
  /** The consumer key and secret of the connected app that has the client credentials flow enabled. */
  SALESFORCE_CLIENT_ID: z.string().min(1).optional(),
  SALESFORCE_CLIENT_SECRET: z.string().min(1).optional(),
  /** The REST API version; upserts need 46.0 or later (they answer with the record id). */
  SALESFORCE_API_VERSION: z
    .string()
    .regex(/^\d{2,3}\.0$/, 'must be an API version such as 62.0')
    .refine((version) => Number(version) >= 46, 'must be 46.0 or later')
    .default('62.0'),
  /** The Case's custom external id field (Text, External ID, Unique) that holds the action run's id. */
  SALESFORCE_CASE_EXTERNAL_ID_FIELD: z
    .string()
    .regex(/^[A-Za-z]\w*__c$/, 'must be a custom field name such as Ticketflow_Effect_Id__c')
    .default('Ticketflow_Effect_Id__c'),
  /** The Case status `update_case` sets (a value of the org's Status picklist). */
  SALESFORCE_RESOLVED_STATUS: z.string().min(1).default('Closed'),
  /** The secret Salesforce's callouts to /webhooks/salesforce sign with (X-Ticketflow-Signature). */
  SALESFORCE_WEBHOOK_SECRET: webhookSecret,
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
