// The one way processes reach Temporal as clients.
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import type { Config } from '../platform/config.js';

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
        retryableDecider: (attempt, status) =>
          !isUpdateLimit(status.details) && defaults.retryableDecider(attempt, status),
      }),
    ],
  };
}

export function isUpdateLimit(message: unknown): boolean {
  return typeof message === 'string' && /concurrent in-flight updates/.test(message);
}
