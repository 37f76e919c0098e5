// What the API tells Prometheus at /metrics: latency per GraphQL operation, errors per code, and
// Node's own figures (event loop, heap, handles). The worker exports the Temporal SDK's metrics itself.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const latency = new Histogram({
    name: 'ticketflow_graphql_operation_seconds',
    help: 'Time to execute a GraphQL operation, by operation name and type.',
    labelNames: ['operation', 'type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'ticketflow_graphql_errors_total',
    help: 'Errors in GraphQL answers, by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });

  /** Times every execution; counts every error of every answer, requests refused before execution too. */
  const plugin: Plugin = {
    onExecute({ args }) {
      const definition = (args.document as DocumentNode).definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      const stop = latency.startTimer({
        operation: args.operationName ?? definition?.name?.value ?? 'anonymous',
        type: definition?.operation ?? 'unknown',
      });
      return { onExecuteDone: () => void stop() };
    },
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : [result];
      for (const one of results) {
        if (!('errors' in one)) continue;
        for (const error of one.errors ?? []) errors.inc({ code: String(error.extensions?.code ?? 'UNKNOWN') });
      }
    },
  };
  return { registry, plugin };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
