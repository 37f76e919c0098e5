// Introspection (`__schema`, `__type`) in production: for callers who are signed in (people and API
// keys), not for anyone on the internet. With GRAPHIQL=true (development) everyone may introspect, as
// GraphiQL needs. The web app's own schema tooling reads the schema from code, not over HTTP
// (scripts/web-schema.ts), so it needs no sign-in. `__typename` is not introspection: anyone may ask.
import { Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from './context.js';
import { graphQLError } from './errors.js';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD]: (node) => {
      if (INTROSPECTION_FIELDS.has(node.name.value)) found = true;
    },
  });
  return found;
}

/** Refuses an anonymous caller's introspection with UNAUTHENTICATED (reason INTROSPECTION_SIGNED_IN_ONLY). */
export const introspectionForSignedIn: Plugin = {
  onExecute({ args, setResultAndStopExecution }) {
    const { viewer } = args.contextValue as unknown as GraphQLContext;
    if (viewer.kind !== 'anonymous' || !introspects(args.document)) return;
    setResultAndStopExecution({
      errors: [
        graphQLError('UNAUTHENTICATED', 'sign in (or send an API key) to read the schema', {
          reason: 'INTROSPECTION_SIGNED_IN_ONLY',
        }),
      ],
    });
  },
};
