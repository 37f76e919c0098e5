// The vendors a chaos run's workers call: the tests' local vendor servers (test/support/vendors/),
// which speak the vendors' real APIs. Each entry starts one and says how a worker reaches it (the
// variables platform/config.ts reads) and which labels its objects carry: a vendor object carries the
// label of the action run that made it (idempotency by run label), so two objects with one label are a
// vendor object made twice. Adding a vendor is one entry in VENDORS.
import { APS_PROJECT, startLocalAps } from '../../test/support/vendors/aps.js';
import { startLocalErp } from '../../test/support/vendors/erp.js';
import { startLocalJira } from '../../test/support/vendors/jira.js';
import { startLocalSalesforce } from '../../test/support/vendors/salesforce.js';

export interface ChaosVendor {
  /** The environment that points a worker at it. */
  env: Record<string, string>;
  /** The labels of every object it holds, one list per object. */
  objectLabels(): string[][];
  /** Requests it answered: a vendor that makes no objects (a read-only one) shows it was called. */
  requests(): number;
  stop(): Promise<void>;
}

/** The ERP's status checks (ERP_POLL_SECONDS) and its warehouse: seconds, so the run sees orders ship. */
const ERP_POLL_SECONDS = 1;
const SHIP_AFTER_MS = 2_000;

const VENDORS: Record<string, () => Promise<ChaosVendor>> = {
  jira: async () => {
    const jira = await startLocalJira();
    const { url, email, apiToken, projectKey } = jira.settings;
    const env = { JIRA_URL: url, JIRA_EMAIL: email, JIRA_API_TOKEN: apiToken, JIRA_PROJECT_KEY: projectKey };
    return {
      env,
      objectLabels: () => jira.issues.map((issue) => issue.labels),
      requests: () => jira.requests,
      stop: jira.stop,
    };
  },
  salesforce: async () => {
    const sf = await startLocalSalesforce();
    const { loginUrl, clientId, clientSecret, apiVersion, externalIdField, resolvedStatus } = sf.settings;
    const env = {
      SALESFORCE_LOGIN_URL: loginUrl,
      SALESFORCE_CLIENT_ID: clientId,
      SALESFORCE_CLIENT_SECRET: clientSecret,
      SALESFORCE_API_VERSION: apiVersion,
      SALESFORCE_CASE_EXTERNAL_ID_FIELD: externalIdField,
      SALESFORCE_RESOLVED_STATUS: resolvedStatus,
    };
    // A Case is upserted by its external id, which holds the run's effect id: that is its label.
    return {
      env,
      objectLabels: () => sf.cases.map((c) => [c[externalIdField] ?? '']),
      requests: () => sf.requests,
      stop: sf.stop,
    };
  },
  erp: async () => {
    const erp = await startLocalErp();
    const { url, auth } = erp.settings(ERP_POLL_SECONDS * 1000);
    if (auth.kind !== 'basic') throw new Error('the local ERP is reached with Basic auth');
    const env = {
      ERP_URL: url,
      ERP_USERNAME: auth.username,
      ERP_PASSWORD: auth.password,
      ERP_POLL_SECONDS: String(ERP_POLL_SECONDS),
    };
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
      env,
      // An order carries `ticketflow-<effect id>` in its external reference, looked up before a create.
      objectLabels: () => erp.orders.map((order) => [order.ExternalReference]),
      requests: () => erp.requests,
      stop: async () => {
        clearInterval(warehouse);
        await erp.stop();
      },
    };
  },
  aps: async () => {
    const aps = await startLocalAps();
    const { baseUrl, clientId, clientSecret } = aps.settings;
    const env = {
      APS_BASE_URL: baseUrl,
      APS_CLIENT_ID: clientId,
      APS_CLIENT_SECRET: clientSecret,
      APS_PROJECT_ID: APS_PROJECT,
    };
    // read_drawing only reads: APS holds no object of ours, and its requests show it was called.
    return { env, objectLabels: () => [], requests: () => aps.requests, stop: aps.stop };
  },
};

export interface ChaosVendors {
  names: string[];
  env: Record<string, string>;
  /** Objects per vendor, the requests it answered, and the labels found on more than one object of it (with how many). */
  census(): { vendor: string; objects: number; requests: number; doubled: { label: string; count: number }[] }[];
  stop(): Promise<void>;
}

export async function startChaosVendors(): Promise<ChaosVendors> {
  const started: [string, ChaosVendor][] = [];
  for (const [name, start] of Object.entries(VENDORS)) started.push([name, await start()]);
  return {
    names: started.map(([name]) => name),
    env: Object.assign({}, ...started.map(([, vendor]) => vendor.env)) as Record<string, string>,
    census: () =>
      started.map(([vendor, server]) => {
        const objects = server.objectLabels();
        const byLabel = new Map<string, number>();
        for (const labels of objects) for (const label of labels) byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
        const doubled = [...byLabel].filter(([, count]) => count > 1).map(([label, count]) => ({ label, count }));
        return { vendor, objects: objects.length, requests: server.requests(), doubled };
      }),
    stop: async () => {
      for (const [, vendor] of started) await vendor.stop();
    },
  };
}
