// Every vendor of the list (activities/integrations/vendors.ts) as a local server, started the way a run
// of the whole system uses them (the chaos run, scripts/chaos/vendors.ts): each gives the settings that
// reach it (a worker is pointed at it by the variables they read from), the labels its objects carry and
// the requests it answered. A vendor object carries the label of the action run that made it
// (idempotency by run label), so two objects with one label are a vendor object made twice. Keyed by
// system: the compiler asks a new vendor of the list for its local server here.
import type { VendorSettingsBySystem } from '../../../activities/integrations/vendors.js';
import type { IntegrationSystem } from '../../../workflows/process/vocabulary.js';
import { startLocalAps } from './aps.js';
import { startLocalErp } from './erp.js';
import { startLocalJira } from './jira.js';
import { startLocalSalesforce } from './salesforce.js';

export interface LocalVendor<Settings> {
  /** Settings that reach it with valid credentials. */
  settings: Settings;
  /** The labels of every object it holds, one list per object. */
  objectLabels(): string[][];
  /** Requests it answered: a vendor that makes no objects (a read-only one) shows it was called. */
  requests(): number;
  stop(): Promise<void>;
}

/** The ERP's status checks (ERP_POLL_SECONDS) and its warehouse: seconds, so a run sees orders ship. */
const ERP_POLL_MS = 1_000;
const SHIP_AFTER_MS = 2_000;

export const localVendors: {
  [S in IntegrationSystem]: () => Promise<LocalVendor<NonNullable<VendorSettingsBySystem[S]>>>;
} = {
  jira: async () => {
    const jira = await startLocalJira();
    return {
      settings: jira.settings,
      objectLabels: () => jira.issues.map((issue) => issue.labels),
      requests: () => jira.requests,
      stop: jira.stop,
    };
  },
  salesforce: async () => {
    const sf = await startLocalSalesforce();
    // A Case is upserted by its external id, which holds the run's effect id: that is its label.
    return {
      settings: sf.settings,
      objectLabels: () => sf.cases.map((c) => [c[sf.settings.externalIdField] ?? '']),
      requests: () => sf.requests,
      stop: sf.stop,
    };
  },
  erp: async () => {
    const erp = await startLocalErp();
    // The warehouse: an order ships a moment after it was placed, as the ERP's own people would move
    // it; the ticket learns it only from its status checks, which then move it on to implemented.
    const placedAt = new Map<string, number>();
    const warehouse = setInterval(() => {
      for (const order of erp.orders) {
        if (order.Status !== 'Open') continue;
        if (!placedAt.has(order.OrderID)) placedAt.set(order.OrderID, Date.now());
        if (Date.now() - placedAt.get(order.OrderID)! >= SHIP_AFTER_MS)
          erp.setStatus(order.OrderID, 'Shipped', `TRACK-${order.OrderID}`);
      }
    }, 500);
    return {
      settings: erp.settings(ERP_POLL_MS),
      // An order carries `ticketflow-<effect id>` in its external reference, looked up before a create.
      objectLabels: () => erp.orders.map((order) => [order.ExternalReference]),
      requests: () => erp.requests,
      stop: async () => {
        clearInterval(warehouse);
        await erp.stop();
      },
    };
  },
  cad: async () => {
    const aps = await startLocalAps();
    // read_drawing only reads: APS holds no object of ours, and its requests show it was called.
    return { settings: aps.settings, objectLabels: () => [], requests: () => aps.requests, stop: aps.stop };
  },
};
