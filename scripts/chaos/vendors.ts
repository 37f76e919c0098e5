// The vendors a chaos run's workers call: a local server of every vendor of the list
// (activities/integrations/vendors.ts), from test/support/vendors/local-vendors.ts, which speak the
// vendors' real APIs. A worker reaches each by the variables its settings read from (the vendor's own
// settings.env), and the run's audit counts the objects each holds by label: a vendor object carries the
// label of the action run that made it, so two objects with one label are a vendor object made twice.
// A new vendor joins the run by being in the list (and having its local server).
import { vendors } from '../../activities/integrations/vendors.js';
import { localVendors, type LocalVendor } from '../../test/support/vendors/local-vendors.js';

export interface ChaosVendors {
  names: string[];
  env: Record<string, string>;
  /** Objects per vendor, the requests it answered, and the labels found on more than one object of it (with how many). */
  census(): { vendor: string; objects: number; requests: number; doubled: { label: string; count: number }[] }[];
  stop(): Promise<void>;
}

export async function startChaosVendors(): Promise<ChaosVendors> {
  const started: { name: string; env: Record<string, string>; server: LocalVendor<unknown> }[] = [];
  for (const vendor of vendors) {
    const server = await localVendors[vendor.system]();
    started.push({ name: vendor.name, env: vendor.settings.env(server.settings), server });
  }
  return {
    names: started.map(({ name }) => name),
    env: Object.assign({}, ...started.map(({ env }) => env)) as Record<string, string>,
    census: () =>
      started.map(({ name, server }) => {
        const objects = server.objectLabels();
        const byLabel = new Map<string, number>();
        for (const labels of objects) for (const label of labels) byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
        const doubled = [...byLabel].filter(([, count]) => count > 1).map(([label, count]) => ({ label, count }));
        return { vendor: name, objects: objects.length, requests: server.requests(), doubled };
      }),
    stop: async () => {
      for (const { server } of started) await server.stop();
    },
  };
}
