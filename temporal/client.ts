// The one way processes reach Temporal as clients.
import type { Metadata, StatusObject } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Config } from '../platform/config.js';

const { ResourceExhaustedFailure } = proto.temporal.api.errordetails.v1;
const { ResourceExhaustedCause } = proto.temporal.api.enums.v1;
const RESOURCE_EXHAUSTED = 8;

/** The address this configuration reaches Temporal at: an external server, or the local dev server. */
export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
}

/**
 * The SDK retries RESOURCE_EXHAUSTED for about 40 s. Right for rate limits, wrong for "more than 10
 * updates in flight on one workflow": a person dragging a card should hear "busy, try again" at once.
 */
export function temporalConnectionOptions(address: string): ConnectionOptions {
  const defaults = defaultGrpcRetryOptions();
  return {
    address,
    interceptors: [
      makeGrpcRetryInterceptor({
        ...defaults,
        retryableDecider: (attempt, status) => !isUpdateLimit(status) && defaults.retryableDecider(attempt, status),
      }),
    ],
  };
}

/** True for the server's "too many updates in flight on this workflow", told by its gRPC code and the
 * cause in its status details (never by its message text); `error` may be a gRPC status or wrap one. */
export function isUpdateLimit(error: unknown): boolean {
  for (let e = error as Partial<StatusObject> & { cause?: unknown }; e; e = e.cause as typeof e) {
    if (e.code === RESOURCE_EXHAUSTED && e.metadata && causeOf(e.metadata) === concurrentLimit) return true;
  }
  return false;
}

const concurrentLimit = ResourceExhaustedCause.RESOURCE_EXHAUSTED_CAUSE_CONCURRENT_LIMIT;

function causeOf(metadata: Metadata): number | undefined {
  const details = metadata.get('grpc-status-details-bin')[0];
  if (!Buffer.isBuffer(details)) return undefined;
  for (const entry of proto.google.rpc.Status.decode(details).details ?? []) {
    if (entry.type_url?.endsWith('/temporal.api.errordetails.v1.ResourceExhaustedFailure') && entry.value)
      return ResourceExhaustedFailure.decode(entry.value).cause ?? undefined;
  }
  return undefined;
}
