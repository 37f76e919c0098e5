// What the workflow asks of an integration and what an adapter gives back. Adapters (jira/adapter.ts,
// …) do one vendor's operations; registry.ts picks one by system and turns its failures into the
// failure types the workflow tells apart (refused, unavailable) or retries.
import type { IntegrationSystem, ticketProperties } from '../../workflows/process/vocabulary.js';
import type { Priority } from '../../workflows/process/definition.js';
import type { FieldValue, IntegrationSuccess, OrderStatus } from '../../workflows/ticket/model.js';

export interface IntegrationRequest {
  system: IntegrationSystem;
  operation: string;
  /** The action's inputs: { input name: a field key or a ticket property }. */
  input: Record<string, string>;
  /** The values of the fields the inputs name, as the ticket holds them (long texts by stored id). */
  fields: Record<string, FieldValue>;
  ticket: { id: string; number: string; priority: Priority };
  /** This run of the action, the same on every retry: what makes a retried create find its first try. */
  effectId: string;
}

export type IntegrationResult = { outcome: 'not_configured' } | { outcome: 'done'; made: IntegrationSuccess };

export type TicketProperty = (typeof ticketProperties)[number];

/** One call as an adapter sees it: inputs resolved to text. */
export interface AdapterCall {
  operation: string;
  ticketNumber: string;
  effectId: string;
  values: Record<string, string>;
}

export interface Adapter {
  call(call: AdapterCall): Promise<IntegrationSuccess>;
  /** For systems whose calls open orders (the ERP): an order's status now. A read, changing nothing. */
  orderStatus?(orderId: string): Promise<OrderStatusFound>;
}

/** What the workflow asks when it checks on an order it placed. */
export interface OrderStatusRequest {
  system: IntegrationSystem;
  orderId: string;
  ticketNumber: string;
}

export interface OrderStatusFound {
  status: OrderStatus;
  tracking?: string;
}

export type OrderStatusResult = { outcome: 'not_configured' } | ({ outcome: 'done' } & OrderStatusFound);

/** The vendor refused the call in a way no retry can change (bad fields, credentials, a missing thing). */
export class VendorRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'VendorRefusal';
  }
}
