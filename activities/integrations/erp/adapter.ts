// The ERP adapter: create_order places a purchase order over OData v4 (../odata.ts), and orderStatus reads
// one back for the workflow's status checks. What the ERP's entities look like is one mapping object
// (PURCHASE_ORDERS below); another ERP is another mapping over the same client.
//
// Idempotent create: the order carries the action run's effect id in its external reference, and a call
// first looks that reference up ($filter), so a retry after a 500, a lost answer or a dead worker
// returns the order the first try made: one order per run. The status read changes nothing at the ERP.
import type { IntegrationSuccess, OrderStatus } from '../../../workflows/ticket/model.js';
import { odataClient, ODataError, odataString, type ODataEntity } from '../odata.js';
import { VendorRefusal, type Adapter, type AdapterCall, type OrderStatusFound } from '../types.js';
import type { ErpSettings } from './settings.js';

/** How Ticketflow's create_order maps onto an ERP's entity set. */
export interface OrderMapping {
  entitySet: string;
  /** The key property (a string key: <set>('<key>')). */
  key: string;
  /** A text property the ERP keeps as given and can filter on: it carries `ticketflow-<effect id>`. */
  reference: string;
  status: string;
  tracking: string;
  /** The ERP's status values, as Ticketflow reads them; any other value counts as still open. */
  statuses: Record<string, OrderStatus>;
  /** The new entity from the action's inputs (part_number, quantity, reference) and the run reference. */
  entity(values: Record<string, string>, runReference: string): ODataEntity;
}

/** A purchase order in a plain OData v4 purchasing service: POST <ERP_URL>/PurchaseOrders with the
 * material and quantity; the ERP numbers it (OrderID) and moves its Status along as it ships. */
export const PURCHASE_ORDERS: OrderMapping = {
  entitySet: 'PurchaseOrders',
  key: 'OrderID',
  reference: 'ExternalReference',
  status: 'Status',
  tracking: 'TrackingNumber',
  statuses: { Open: 'open', Shipped: 'shipped', Delivered: 'delivered', Closed: 'closed', Cancelled: 'cancelled' },
  entity: (values, runReference) => ({
    Material: values.part_number ?? '',
    // Not a number (or missing): sent as null, and the ERP's refusal names the field.
    Quantity: values.quantity === undefined || values.quantity === '' ? null : Number(values.quantity),
    ExternalReference: runReference,
    Description: `Ticketflow ${values.reference ?? ''}`.trim(),
  }),
};

/** Answers no retry can change: bad fields, credentials, permissions, an unknown order. */
const isRefusal = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

export function erpAdapter(settings: ErpSettings, timeoutMs: number, mapping = PURCHASE_ORDERS): Adapter {
  const client = odataClient(settings.url, settings.auth, timeoutMs);
  const statusOf = (entity: ODataEntity): OrderStatus => mapping.statuses[String(entity[mapping.status])] ?? 'open';
  const made = (entity: ODataEntity): IntegrationSuccess => {
    const id = String(entity[mapping.key]);
    const url = client.entityUrl(mapping.entitySet, id);
    return {
      id,
      key: id,
      url,
      results: { order_id: id, order_url: url, order_status: statusOf(entity) },
      watch: { everyMs: settings.pollEveryMs, status: statusOf(entity) },
    };
  };

  async function createOrder(call: AdapterCall): Promise<IntegrationSuccess> {
    const runReference = `ticketflow-${call.effectId}`;
    const [existing] = await client.query(mapping.entitySet, `${mapping.reference} eq ${odataString(runReference)}`, 1);
    if (existing) return made(existing);
    return made(await client.create(mapping.entitySet, mapping.entity(call.values, runReference)));
  }

  return {
    async call(call) {
      if (call.operation !== 'create_order') throw new VendorRefusal(0, `erp has no operation ${call.operation}`);
      return refusing(() => createOrder(call));
    },
    async orderStatus(orderId): Promise<OrderStatusFound> {
      return refusing(async () => {
        const entity = await client.get(mapping.entitySet, orderId);
        const tracking = entity[mapping.tracking];
        return { status: statusOf(entity), ...(typeof tracking === 'string' && tracking && { tracking }) };
      });
    },
  };
}

/** Runs a request; an answer no retry can fix becomes a VendorRefusal with the ERP's own words. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ODataError && isRefusal(error.status))
      throw new VendorRefusal(error.status, `ERP answered ${error.status} ${error.code}: ${error.message}`);
    throw error;
  }
}
