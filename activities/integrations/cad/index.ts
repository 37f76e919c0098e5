// The CAD system as the list of vendors (../vendors.ts) knows it: Autodesk Platform Services (APS),
// whose name the API uses (/webhooks/aps); `cad` actions read drawings (adapter.ts), a drawing is named
// by its item id, the settings come from APS_* (settings.ts), and APS's webhooks tell tickets about new
// versions (webhook.ts).
import type { Vendor } from '../vendor.js';
import { apsConfig, type ApsSettings } from './settings.js';
import { apsWebhook } from './webhook.js';

export const cad = {
  system: 'cad',
  name: 'aps',
  settings: apsConfig,
  webhook: apsWebhook,
  objectIds: ['item'],
  async connect(settings, timeoutMs) {
    const { cadAdapter } = await import('./adapter.js');
    return cadAdapter(settings, timeoutMs);
  },
} as const satisfies Vendor<'cad', ApsSettings, typeof apsConfig.variables>;
