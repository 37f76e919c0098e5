// The integration adapters by system, one for each configured vendor of the list (vendors.ts), each
// behind a circuit breaker of its own: a vendor that keeps failing is given a rest (calls fail fast as
// unavailable) instead of every ticket's call piling up on it. Resolves an action's inputs to text and
// turns adapter failures into what the workflow tells apart: a refusal (4xx) and an open circuit are
// final, anything else is thrown for Temporal to retry.
import { ApplicationFailure } from '@temporalio/activity';
import CircuitBreaker from 'opossum';
import type { Db } from '../../platform/store/db.js';
import type { IntegrationSystem } from '../../workflows/process/vocabulary.js';
import { INTEGRATION_REFUSED, INTEGRATION_UNAVAILABLE } from '../../workflows/ticket/model.js';
import { fieldText } from '../notifications/record.js';
import {
  VendorRefusal,
  type Adapter,
  type AdapterCall,
  type IntegrationRequest,
  type IntegrationResult,
  type OrderStatusRequest,
  type OrderStatusResult,
} from './types.js';
import { vendors, type VendorSettingsBySystem } from './vendors.js';

/** Each configured vendor's settings by system (`jira`, …, `cad` for Autodesk Platform Services), and
 * how the registry treats every vendor. */
export interface IntegrationSettings extends VendorSettingsBySystem {
  /** How long one request to a vendor may take (default 10 s). */
  requestTimeoutMs?: number;
  /** Calls within a minute before a system's circuit may open: at least this many, half of them
   * failed, open it (default 10). An open circuit fails calls for good, so a few 500s must not. */
  breakerMinimumCalls?: number;
  /** How long an open circuit rests before one call may try again (default 30 s). */
  breakerResetMs?: number;
}

export interface Integrations {
  call(request: IntegrationRequest): Promise<IntegrationResult>;
  /** An order's status at the vendor that made it, behind the same circuit as the vendor's calls. */
  orderStatus(request: OrderStatusRequest): Promise<OrderStatusResult>;
  /** One adapter call with its values already resolved (the comment mirror's), behind the same breaker. */
  invoke(system: IntegrationSystem, call: AdapterCall): Promise<IntegrationResult>;
}

export function createIntegrations(db: Db, settings: IntegrationSettings): Integrations {
  const timeoutMs = settings.requestTimeoutMs ?? 10_000;
  // Started now, so a worker loads its vendors' client libraries as it starts (see Vendor.connect);
  // the first call waits for its adapter if it comes sooner.
  const adapters = new Map<IntegrationSystem, Promise<Adapter>>();
  for (const vendor of vendors) {
    const own = settings[vendor.system];
    if (own) adapters.set(vendor.system, vendor.connect(own, timeoutMs));
  }
  const breakers = new Map<IntegrationSystem, CircuitBreaker<[() => Promise<unknown>], unknown>>();
  const breakerOf = (system: IntegrationSystem) => {
    let breaker = breakers.get(system);
    if (!breaker) {
      breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
        timeout: false, // the adapter's requests time out themselves
        volumeThreshold: settings.breakerMinimumCalls ?? 10,
        errorThresholdPercentage: 50,
        rollingCountTimeout: 60_000,
        resetTimeout: settings.breakerResetMs ?? 30_000,
        // A refusal is the vendor answering: it says nothing about the vendor being down.
        errorFilter: (error: unknown) => error instanceof VendorRefusal,
      });
      breakers.set(system, breaker);
    }
    return breaker;
  };

  /** One adapter call with its values resolved, through the system's circuit. */
  async function invoke(system: IntegrationSystem, call: AdapterCall): Promise<IntegrationResult> {
    const adapter = await adapters.get(system);
    if (!adapter) return { outcome: 'not_configured' };
    return { outcome: 'done', made: await guarded(system, () => adapter.call(call)) };
  }

  return {
    invoke,
    async call(request) {
      if (!adapters.has(request.system)) return { outcome: 'not_configured' };
      return invoke(request.system, {
        operation: request.operation,
        ticketNumber: request.ticket.number,
        effectId: request.effectId,
        values: await resolveInputs(db, request),
      });
    },
    async orderStatus(request) {
      const adapter = await adapters.get(request.system);
      if (!adapter?.orderStatus) return { outcome: 'not_configured' };
      const found = await guarded(request.system, () => adapter.orderStatus!(request.orderId));
      return { outcome: 'done', ...found };
    },
  };

  /** One vendor request through the system's circuit; its failure as the workflow tells it apart. */
  async function guarded<T>(system: IntegrationSystem, work: () => Promise<T>): Promise<T> {
    try {
      return (await breakerOf(system).fire(work)) as T;
    } catch (error) {
      // The vendor's status rides along: a status check tells an unknown order (404) from bad credentials.
      if (error instanceof VendorRefusal)
        throw ApplicationFailure.nonRetryable(error.message, INTEGRATION_REFUSED, { status: error.status });
      if ((error as { code?: string }).code === 'EOPENBREAKER')
        throw ApplicationFailure.nonRetryable(
          `${system} is unavailable: its last calls failed, so calls wait until it has had a rest`,
          INTEGRATION_UNAVAILABLE,
        );
      throw ApplicationFailure.retryable(`${system}: ${String((error as Error).message)}`, 'VendorError');
    }
  }
}

/** The action's inputs as text: field values (long texts read from where they are stored) and ticket properties. */
async function resolveInputs(db: Db, request: IntegrationRequest): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  let title: string | undefined;
  for (const [name, source] of Object.entries(request.input)) {
    if (source === 'ticket.number') values[name] = request.ticket.number;
    else if (source === 'ticket.priority') values[name] = request.ticket.priority;
    else if (source === 'ticket.title') {
      title ??= (await db.selectFrom('tickets').select('title').where('id', '=', request.ticket.id).executeTakeFirst())
        ?.title;
      values[name] = title ?? '';
    } else if (request.fields[source] !== undefined) values[name] = await fieldText(db, request.fields[source]);
  }
  return values;
}
