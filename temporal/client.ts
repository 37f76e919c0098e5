// The one way processes reach Temporal as clients.
import { InterceptingCall, type Interceptor, type Metadata, type StatusObject } from '@grpc/grpc-js';
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
export function temporalConnectionOptions(address: string, calls?: CallTracker): ConnectionOptions {
  const defaults = defaultGrpcRetryOptions();
  return {
    address,
    interceptors: [
      // Outermost, so a call counts until its last retry is over.
      ...(calls ? [calls.interceptor] : []),
      makeGrpcRetryInterceptor({
        ...defaults,
        retryableDecider: (attempt, status) => !isUpdateLimit(status) && defaults.retryableDecider(attempt, status),
      }),
    ],
  };
}

/**
 * The calls a process has under way on a connection. Closing a connection while a call waits to be
 * retried makes the retry throw an uncaught "Channel has been shut down": a process that holds a
 * client drains its calls first.
 */
export class CallTracker {
  private open = 0;
  private idle: (() => void)[] = [];

  readonly interceptor: Interceptor = (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start: (metadata, _listener, next) => {
        this.open += 1;
        // A partial listener: grpc-js passes every other event through to `listener` as it is.
        next(metadata, {
          onReceiveStatus: (status: StatusObject, nextStatus: (status: StatusObject) => void) => {
            this.open -= 1;
            if (this.open === 0) for (const resolve of this.idle.splice(0)) resolve();
            nextStatus(status);
          },
        });
      },
    });

  /** Resolves once no call is under way, or after `timeoutMs`, saying whether the calls finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.open === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((resolve) => this.idle.push(() => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    return finished;
  }
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
