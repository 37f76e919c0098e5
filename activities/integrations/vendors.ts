// The one list of vendors. The configuration composes their variables into its schema
// (platform/config.ts), the registry makes the adapters of those configured (registry.ts), the worker
// says which are not, the API receives the webhooks of those that have one (api/webhooks/), and the
// chaos run starts a local server of each (test/support/vendors/). A new vendor is a folder beside this
// file (settings.ts, adapter.ts, webhook.ts when it has one, index.ts: see vendor.ts) and its entry
// here; its system is a word of the process language first (integrationOperations in
// workflows/process/vocabulary.ts, which workflow code reads and so cannot take from here).
import type { IntegrationSystem } from '../../workflows/process/vocabulary.js';
import { cad } from './cad/index.js';
import { erp } from './erp/index.js';
import { jira } from './jira/index.js';
import { salesforce } from './salesforce/index.js';
import type { Vendor } from './vendor.js';
import type { VendorWebhook } from './webhooks.js';

/** The list, by system, in the order the worker reports them and the chaos run starts them. */
const vendorsBySystem = { jira, salesforce, erp, cad };

/** The same, checked: the compiler refuses a system of the process language without its vendor here, and
 * a vendor under another system's key. (The types below come from the list as written, so a missing
 * vendor is this one error, not one in every file that reads the configuration.) */
const everySystem: { [S in IntegrationSystem]: Vendor<S> } = vendorsBySystem;

type Listed = (typeof vendorsBySystem)[keyof typeof vendorsBySystem];

/** Every vendor, as code that treats them alike sees one. */
export const vendors: readonly Vendor[] = Object.values(everySystem);

/** The vendor of `system`. */
export const vendorOf = (system: IntegrationSystem): Vendor => everySystem[system];

/** Settings by system, each vendor's own (JiraSettings for `jira`, …); a system without is not configured. */
export type VendorSettingsBySystem = {
  [S in IntegrationSystem]?: NonNullable<ReturnType<Extract<Listed, { system: S }>['settings']['read']>>;
};

/** The intersection of a union's members (A | B → A & B): here, one object of every vendor's variables. */
type AllOf<Union> = (Union extends unknown ? (all: Union) => void : never) extends (all: infer All) => void
  ? All
  : never;

/** Every vendor's variables together, typed, for the one configuration schema. */
export const vendorVariables = Object.assign({}, ...vendors.map((vendor) => vendor.settings.variables)) as AllOf<
  Listed['settings']['variables']
>;

/** The vendors that have a webhook, by its name (/webhooks/<name>): jira, salesforce, aps. */
export type WebhookVendor = Extract<Listed, { webhook: VendorWebhook }>['name'];

/** A vendor with a webhook, as the API receives its deliveries. */
export interface WebhookReceiver {
  name: WebhookVendor;
  /** The integration system whose objects tickets are linked to (`cad` for APS). */
  system: IntegrationSystem;
  webhook: VendorWebhook;
}

/** The vendors that have a webhook, in the list's order. */
export const webhookReceivers: readonly WebhookReceiver[] = vendors.flatMap(({ name, system, webhook }) =>
  webhook ? [{ name: name as WebhookVendor, system, webhook }] : [],
);

/** The webhook of vendor `name`. */
export const webhookOf = (name: WebhookVendor): VendorWebhook =>
  webhookReceivers.find((receiver) => receiver.name === name)!.webhook;
