// Makes a Temporal server ready for Ticketflow: the namespace (with a retention long enough for the
// Web UI's links from a ticket's timeline to keep working) and the ticket search attributes.
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { ticketSearchAttributes } from '../workflows/search-attributes.js';

const RETENTION = '30 days';
const { IndexedValueType } = proto.temporal.api.enums.v1;
const indexedType = { KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } as const;

export async function setUpNamespace(connection: Connection, namespace: string): Promise<void> {
  const retention = msToTs(RETENTION);
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    await connection.workflowService.updateNamespace({
      namespace,
      config: { workflowExecutionRetentionTtl: retention },
    });
  }
  await waitForNamespace(connection, namespace);

  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = Object.values(ticketSearchAttributes).filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType[key.type as 'KEYWORD']])),
  });
}

/** A newly registered namespace takes a moment to reach every service of the server. */
async function waitForNamespace(connection: Connection, namespace: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 6; // gRPC ALREADY_EXISTS
}
