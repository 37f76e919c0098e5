// Selections built from the schema as a client sees it (introspection over HTTP), not from the server's
// code: every field of a type, nested objects down to their scalars, as the largest query a client
// may legitimately send. Fields with required arguments are left out unless the caller supplies
// them; a type already on the way down is not entered again (the schema has cycles: Ticket → User).
import type { TestApi } from './api.js';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Arg {
  name: string;
  type: TypeRef;
  defaultValue: string | null;
}
interface Field {
  name: string;
  args: Arg[];
  type: TypeRef;
}
export interface Introspected {
  types: Map<string, { kind: string; fields: Field[] | null; possibleTypes: { name: string }[] | null }>;
  query: string;
  mutation: string;
  subscription: string;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const INTROSPECTION = `{ __schema {
  queryType { name } mutationType { name } subscriptionType { name }
  types { name kind possibleTypes { name } fields { name args { name defaultValue type { ${TYPE_REF} } } type { ${TYPE_REF} } } }
} }`;

export async function introspect(api: TestApi, token: string): Promise<Introspected> {
  const result = await api.gql<{
    __schema: {
      queryType: { name: string };
      mutationType: { name: string };
      subscriptionType: { name: string };
      types: ({ name: string } & (Introspected['types'] extends Map<string, infer T> ? T : never))[];
    };
  }>(INTROSPECTION, {}, { token });
  if (!result.data) throw new Error(`introspection: ${JSON.stringify(result.errors)}`);
  const schema = result.data.__schema;
  return {
    types: new Map(schema.types.map((t) => [t.name, t])),
    query: schema.queryType.name,
    mutation: schema.mutationType.name,
    subscription: schema.subscriptionType.name,
  };
}

/** The named type under NON_NULL and LIST wrappers. */
export const namedType = (ref: TypeRef): string => (ref.ofType ? namedType(ref.ofType) : ref.name!);
export const isRequired = (arg: Arg) => arg.type.kind === 'NON_NULL' && arg.defaultValue === null;

export interface SelectionOptions {
  /** Levels of fields below the one selected (the armor's maxDepth counts them). */
  depth: number;
  /** Arguments to pass, by `Type.field`; `first` is set to the page limit by the caller. */
  args?: (type: string, field: Field) => string | undefined;
}

/** The selection set of `typeName`: every field, nested objects to `depth`; '' for a scalar. */
export function selectionOf(
  schema: Introspected,
  typeName: string,
  options: SelectionOptions,
  path: string[] = [],
): string {
  const type = schema.types.get(typeName)!;
  if (type.kind === 'UNION' || type.kind === 'INTERFACE') {
    // Each `... on` is a level of its own, as the armor's maxDepth counts (fragments not flattened).
    const parts = (type.possibleTypes ?? []).map(
      (t) => `... on ${t.name} ${selectionOf(schema, t.name, options, [...path, typeName])}`,
    );
    return `{ __typename ${parts.join(' ')} }`;
  }
  if (!type.fields) return '';
  const parts: string[] = [];
  for (const field of type.fields) {
    const target = namedType(field.type);
    const given = options.args?.(typeName, field);
    if (given === undefined && field.args.some(isRequired)) continue;
    const union = schema.types.get(target)!.kind === 'UNION';
    const nested = schema.types.get(target)!.fields || union;
    // A union's members are a level further down (their `... on` is one).
    const below = path.length + 1 + (union ? 1 : 0);
    if (nested && ([...path, typeName].includes(target) || below >= options.depth)) continue;
    const sub = nested ? selectionOf(schema, target, options, [...path, typeName]) : '';
    if (nested && sub === '{  }') continue;
    parts.push(`${field.name}${given ? `(${given})` : ''} ${sub}`.trim());
  }
  return `{ ${parts.join(' ')} }`;
}
