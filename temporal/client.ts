// The one way processes reach Temporal: a connection and a client for the configured namespace.
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../api/config.js';

export async function connectTemporal(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}

/** The address this configuration reaches Temporal at: an external server, or the local dev server. */
export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
}
