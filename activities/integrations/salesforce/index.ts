// Salesforce as the list of vendors (../vendors.ts) knows it: `salesforce` actions create and update
// Cases (adapter.ts, over the transport in http.ts), a Case is named by its id, the settings come from
// SALESFORCE_* (settings.ts), and its callouts tell tickets about their Cases (webhook.ts).
import type { Vendor } from '../vendor.js';
import { salesforceConfig, type SalesforceSettings } from './settings.js';
import { salesforceWebhook } from './webhook.js';

export const salesforce = {
  system: 'salesforce',
  name: 'salesforce',
  settings: salesforceConfig,
  webhook: salesforceWebhook,
  objectIds: ['case_id'],
  async connect(settings, timeoutMs) {
    const { salesforceAdapter } = await import('./adapter.js');
    return salesforceAdapter(settings, timeoutMs);
  },
} as const satisfies Vendor<'salesforce', SalesforceSettings, typeof salesforceConfig.variables>;
