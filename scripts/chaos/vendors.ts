// The vendors a chaos run's workers call: the tests' local vendor servers (test/support/vendors/),
// which speak the vendors' real APIs. Each entry starts one and says how a worker reaches it (the
// variables platform/config.ts reads) and which labels its objects carry: a vendor object carries the
// label of the action run that made it (idempotency by run label), so two objects with one label are a
// vendor object made twice. Adding a vendor is one entry in VENDORS.
import { startLocalJira } from '../../test/support/vendors/jira.js';

export interface ChaosVendor {
  /** The environment that points a worker at it. */
  env: Record<string, string>;
  /** The labels of every object it holds, one list per object. */
  objectLabels(): string[][];
  stop(): Promise<void>;
}

const VENDORS: Record<string, () => Promise<ChaosVendor>> = {
  jira: async () => {
    const jira = await startLocalJira();
    const { url, email, apiToken, projectKey } = jira.settings;
    const env = { JIRA_URL: url, JIRA_EMAIL: email, JIRA_API_TOKEN: apiToken, JIRA_PROJECT_KEY: projectKey };
    return { env, objectLabels: () => jira.issues.map((issue) => issue.labels), stop: jira.stop };
  },
};

export interface ChaosVendors {
  names: string[];
  env: Record<string, string>;
  /** Objects per vendor, and the labels found on more than one object of it (with how many). */
  census(): { vendor: string; objects: number; doubled: { label: string; count: number }[] }[];
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
        return { vendor, objects: objects.length, doubled };
      }),
    stop: async () => {
      for (const [, vendor] of started) await vendor.stop();
    },
  };
}
