// A local ERP for tests: an OData v4 purchasing service with the PurchaseOrders entity set the ERP
// adapter maps onto. It answers as an OData service does: Basic or Bearer auth required (401 with an
// OData error body), $filter on ExternalReference with $top, POST creating an order (201, the entity,
// Location), GET by key ('PO-…'), 400 for unknown or bad properties and filters, 404 for unknown keys,
// every error as { error: { code, message } }. Knobs: move an order's status along (as the warehouse
// would), fail the next requests with 500, lose a create's answer, go down; and counts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErpSettings } from '../../../activities/integrations/erp/settings.js';
import { readBody, send, startLocalServer } from './local-server.js';

export interface ErpOrder {
  OrderID: string;
  Material: string;
  Quantity: number;
  ExternalReference: string;
  Description: string;
  Status: 'Open' | 'Shipped' | 'Delivered' | 'Closed' | 'Cancelled';
  TrackingNumber: string | null;
}

export interface LocalErp {
  /** The service root (ERP_URL). */
  url: string;
  /** Basic-auth settings that reach this server, checking orders every `pollEveryMs`. */
  settings(pollEveryMs: number): ErpSettings;
  orders: ErpOrder[];
  /** Orders created (POST answered 201). */
  creates: number;
  /** Reads of orders by key (the workflow's status checks). */
  reads: number;
  /** Reads of this order by key. */
  readsOf(orderId: string): number;
  /** Creates asked for (POST requests that got past auth), any answer. */
  posts: number;
  /** Requests answered, any status. */
  requests: number;
  /** Materials that exist; an order for another is refused (400). */
  materials: Set<string>;
  /** The password accepted; change it to revoke the one the settings hold. */
  password: string;
  /** Moves an order along, as the ERP's own users and warehouse would. */
  setStatus(orderId: string, status: ErpOrder['Status'], tracking?: string): void;
  /** Answers the next `n` requests with 500. */
  failNext(n: number): void;
  /** Creates the next order, then drops the connection before answering: a lost answer. */
  loseNextCreateAnswer(): void;
  /** Stops accepting connections (and drops open ones) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = '/odata/v4/purchasing';
const SET = 'PurchaseOrders';
const USER = 'TICKETFLOW';
const PASSWORD = 'local-erp-password';
const TOKEN = 'local-erp-token';
const WRITABLE = new Set(['Material', 'Quantity', 'ExternalReference', 'Description']);
const PROPERTIES = new Set([...WRITABLE, 'OrderID', 'Status', 'TrackingNumber']);

export async function startLocalErp(): Promise<LocalErp> {
  let failures = 0;
  let loseCreateAnswer = false;
  const readCounts = new Map<string, number>();
  /** Orders numbered so far: a number is never given twice, even after a test removes an order. */
  let numbered = 0;
  const server = await startLocalServer((req, res) => {
    erp.requests += 1;
    handle(req, res).catch((error: unknown) => fail(res, 500, 'InternalError', String(error)));
  });
  const origin = server.url;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (failures > 0) {
      failures -= 1;
      return fail(res, 500, 'InternalError', 'The service is temporarily unable to process the request.');
    }
    if (!authorized(req.headers.authorization)) {
      res.setHeader('www-authenticate', 'Basic realm="ERP", Bearer');
      return fail(res, 401, 'Unauthorized', 'Authentication is required to access this service.');
    }
    const url = new URL(req.url ?? '/', origin);
    const path = decodeURIComponent(url.pathname);
    if (path === `${ROOT}/${SET}` && req.method === 'GET') return query(res, url.searchParams);
    if (path === `${ROOT}/${SET}` && req.method === 'POST') return create(res, body);
    const byKey = new RegExp(`^${ROOT}/${SET}\\('((?:[^']|'')*)'\\)$`).exec(path);
    if (byKey && req.method === 'GET') return read(res, byKey[1]!.replaceAll("''", "'"));
    if (byKey || path === `${ROOT}/${SET}`)
      return fail(res, 405, 'MethodNotAllowed', `${req.method} is not allowed here.`);
    fail(res, 404, 'NotFound', `Resource not found for the segment '${path.replace(`${ROOT}/`, '')}'.`);
  }

  function authorized(header: string | undefined): boolean {
    if (header?.startsWith('Bearer ')) return header.slice(7) === TOKEN;
    if (!header?.startsWith('Basic ')) return false;
    return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${USER}:${erp.password}`;
  }

  function query(res: ServerResponse, params: URLSearchParams): void {
    const unknown = [...params.keys()].find((key) => key.startsWith('$') && key !== '$filter' && key !== '$top');
    if (unknown) return fail(res, 400, 'BadRequest', `The query option '${unknown}' is not supported.`);
    const filter = params.get('$filter');
    let orders = erp.orders;
    if (filter !== null) {
      const match = /^ExternalReference eq '((?:[^']|'')*)'$/.exec(filter.trim());
      if (!match) return fail(res, 400, 'InvalidFilter', `The $filter expression '${filter}' is not supported.`);
      const reference = match[1]!.replaceAll("''", "'");
      orders = orders.filter((o) => o.ExternalReference === reference);
    }
    const top = params.get('$top');
    if (top !== null && !/^\d+$/.test(top)) return fail(res, 400, 'BadRequest', `Invalid value '${top}' for $top.`);
    send(res, 200, {
      '@odata.context': `${origin}${ROOT}/$metadata#${SET}`,
      value: top === null ? orders : orders.slice(0, Number(top)),
    });
  }

  function read(res: ServerResponse, key: string): void {
    erp.reads += 1;
    readCounts.set(key, (readCounts.get(key) ?? 0) + 1);
    const order = erp.orders.find((o) => o.OrderID === key);
    if (!order) return fail(res, 404, 'NotFound', `No PurchaseOrder with key '${key}' exists.`);
    send(res, 200, { '@odata.context': `${origin}${ROOT}/$metadata#${SET}/$entity`, ...order });
  }

  function create(res: ServerResponse, body: string): void {
    erp.posts += 1;
    let entity: Record<string, unknown>;
    try {
      entity = JSON.parse(body) as Record<string, unknown>;
      if (typeof entity !== 'object' || entity === null || Array.isArray(entity)) throw new Error('not an object');
    } catch {
      return fail(res, 400, 'BadRequest', 'The request body is not a valid JSON object.');
    }
    const unknown = Object.keys(entity).find((key) => !key.startsWith('@') && !PROPERTIES.has(key));
    if (unknown) return fail(res, 400, 'BadRequest', `The property '${unknown}' does not exist on PurchaseOrder.`);
    const readOnly = Object.keys(entity).find((key) => PROPERTIES.has(key) && !WRITABLE.has(key));
    if (readOnly) return fail(res, 400, 'BadRequest', `The property '${readOnly}' is read-only.`);
    const { Material, Quantity, ExternalReference = '', Description = '' } = entity;
    if (typeof Material !== 'string' || !erp.materials.has(Material))
      return fail(res, 400, 'InvalidMaterial', `Material '${String(Material ?? '')}' does not exist.`);
    if (typeof Quantity !== 'number' || !Number.isFinite(Quantity) || Quantity <= 0)
      return fail(res, 400, 'InvalidValue', 'Quantity: must be a positive number.');
    if (typeof ExternalReference !== 'string' || ExternalReference.length > 64)
      return fail(res, 400, 'InvalidValue', 'ExternalReference: at most 64 characters.');
    const order: ErpOrder = {
      OrderID: `PO-${4500000001 + numbered++}`,
      Material,
      Quantity,
      ExternalReference,
      Description: String(Description).slice(0, 120),
      Status: 'Open',
      TrackingNumber: null,
    };
    erp.orders.push(order);
    erp.creates += 1;
    if (loseCreateAnswer) {
      loseCreateAnswer = false;
      res.socket?.destroy();
      return;
    }
    res.setHeader('location', `${origin}${ROOT}/${SET}('${order.OrderID}')`);
    send(res, 201, { '@odata.context': `${origin}${ROOT}/$metadata#${SET}/$entity`, ...order });
  }

  const erp: LocalErp = {
    url: `${origin}${ROOT}`,
    settings: (pollEveryMs) => ({
      url: `${origin}${ROOT}`,
      auth: { kind: 'basic', username: USER, password: PASSWORD },
      pollEveryMs,
    }),
    orders: [],
    creates: 0,
    reads: 0,
    readsOf: (orderId) => readCounts.get(orderId) ?? 0,
    posts: 0,
    requests: 0,
    materials: new Set(['P-7', 'P-8', 'BRACKET-12']),
    password: PASSWORD,
    setStatus(orderId, status, tracking) {
      const order = erp.orders.find((o) => o.OrderID === orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      order.Status = status;
      if (tracking) order.TrackingNumber = tracking;
    },
    failNext(n) {
      failures = n;
    },
    loseNextCreateAnswer() {
      loseCreateAnswer = true;
    },
    down: server.down,
    up: server.up,
    stop: server.down,
  };
  return erp;
}

/** An OData error answer: { error: { code, message } }. */
function fail(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}
