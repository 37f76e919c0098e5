// The ERP as the list of vendors (../vendors.ts) knows it: `erp` actions place purchase orders over
// OData (adapter.ts), whose status tickets then check; an order is named by its id, and the settings
// come from ERP_* (settings.ts).
import type { Vendor } from '../vendor.js';
import { erpConfig, type ErpSettings } from './settings.js';

export const erp = {
  system: 'erp',
  name: 'erp',
  settings: erpConfig,
  objectIds: ['order_id'],
  async connect(settings, timeoutMs) {
    const { erpAdapter } = await import('./adapter.js');
    return erpAdapter(settings, timeoutMs);
  },
} as const satisfies Vendor<'erp', ErpSettings, typeof erpConfig.variables>;
