// The `graphql` tag of the web app: gql.tada infers each operation's result and variables from the
// API's schema (graphql-env.d.ts, made by `npm run web:schema`), so no server type is copied here.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // Fragments spread into operations give their fields to the operation's type directly.
  disableMasking: true;
  scalars: {
    /** ISO 8601 text in UTC. */
    DateTime: string;
    /** Any JSON value: read it through a narrowing function before use. */
    JSON: unknown;
    File: File;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
