// Operations for the GraphQL fuzz test (test/integration/graphql-fuzz.test.ts), drawn with fast-check from the
// schema: one root field of Query or Mutation with arguments drawn per argument type — text Postgres
// cannot store (U+0000, lone surrogates), megabyte strings, JSON nested far too deep, ints out of range,
// enum values that are not — sent as variables or written into the query text as literals.
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** JSON made by hand: nested deeper than JSON.stringify (or the test's own stack) could. */
export class Raw {
  constructor(
    readonly json: string,
    readonly literal: string,
  ) {}
}

export interface FuzzOperation {
  field: string;
  /** The body to POST as it is (JSON text; Raw values written in). */
  body: string;
}

/** Fields left out: logout ends the caller's own sign-in, and the rest of the run would test nothing. */
const SKIPPED = new Set(['logout']);

/** Words that reach deeper than noise: existing keys, a ticket number's shape, a seeded email. */
const PLAUSIBLE = ['it-support', 'customer-case', 'IT-000001', 'T-1', 'admin@example.com', 'new', 'hardware'];

const deepJson = fc
  .tuple(fc.constantFrom(2_000, 20_000, 100_000), fc.boolean())
  .map(([depth, lists]) =>
    lists
      ? new Raw(`${'['.repeat(depth)}1${']'.repeat(depth)}`, `${'['.repeat(depth)}1${']'.repeat(depth)}`)
      : new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, `${'{a:'.repeat(depth)}1${'}'.repeat(depth)}`),
  );

const badText = fc.oneof(
  fc.string().map((s) => `${s}\u0000${s}`),
  fc.constantFrom('\ud800', 'a\udfff', '\udc00\ud800', 'x\ud83d'),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const text: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 4, arbitrary: badText },
  { weight: 1, arbitrary: fc.constantFrom(200_000, 1_100_000).map((n) => 'x'.repeat(n)) },
);

const json: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('category', 'note'), badText), text) },
  { weight: 2, arbitrary: deepJson },
);

const int = fc.oneof(
  fc.integer({ min: -3, max: 100 }),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, -1e308, 0.5),
);

function valueOf(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, depth);
  const orNull = (arbitrary: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 9, arbitrary }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) return orNull(fc.array(valueOf(type.ofType, depth + 1), { maxLength: 3 }));
  if (isEnumType(type)) {
    const names = type.getValues().map((v) => new EnumName(v.name));
    return orNull(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...names) }, fc.constant(new EnumName('NOPE'))));
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant(null);
    const fields = Object.values(type.getFields());
    return orNull(
      fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)])), {
        requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
      }),
    );
  }
  switch (type.name) {
    case 'Int':
      return orNull(int);
    case 'Float':
      return orNull(fc.oneof(fc.double(), int));
    case 'Boolean':
      return orNull(fc.boolean());
    case 'JSON':
      return orNull(json);
    case 'DateTime':
      return orNull(
        fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          text,
        ),
      );
    default: // String, ID, File (never a file here: a string, which must be refused)
      return orNull(text);
  }
}

/** An enum value: a name in a literal, a string in variables. */
class EnumName {
  constructor(readonly name: string) {}
}

/** JSON text of a value; Raw and EnumName as they are meant. */
function toJson(value: unknown): string {
  if (value instanceof Raw) return value.json;
  if (value instanceof EnumName) return JSON.stringify(value.name);
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The same value as a GraphQL literal (object keys that are not names are dropped: they cannot be written). */
function toLiteral(value: unknown): string {
  if (value instanceof Raw) return value.literal;
  if (value instanceof EnumName) return value.name;
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .filter(([k]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k))
      .map(([k, v]) => `${k}: ${toLiteral(v)}`)
      .join(', ')}}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return '0';
  return JSON.stringify(value) ?? 'null';
}

/** A few leaf fields of what a field returns, so that the operation is valid and asks for little. */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth > 1) return '{ __typename }';
  const fields = Object.values(named.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).slice(0, 3);
  const nested = fields.filter((f) => !isLeafType(getNamedType(f.type))).slice(0, 1);
  const parts = [...leaves.map((f) => f.name), ...nested.map((f) => `${f.name} ${selection(f.type, depth + 1)}`)];
  return `{ __typename ${parts.join(' ')} }`;
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): fc.Arbitrary<FuzzOperation> {
  const args = field.args as GraphQLArgument[];
  return fc
    .tuple(
      fc.tuple(
        ...args.map((a) => fc.option(valueOf(a.type, 0), { nil: undefined, freq: isNonNullType(a.type) ? 20 : 3 })),
      ),
      fc.array(fc.boolean(), { minLength: args.length, maxLength: args.length }),
    )
    .map(([values, asLiteral]) => {
      const declared: string[] = [];
      const passed: string[] = [];
      const variables: string[] = [];
      args.forEach((arg, i) => {
        const value = values[i];
        if (value === undefined) return;
        if (asLiteral[i]) return passed.push(`${arg.name}: ${toLiteral(value)}`);
        declared.push(`$${arg.name}: ${arg.type.toString()}`);
        passed.push(`${arg.name}: $${arg.name}`);
        variables.push(`${JSON.stringify(arg.name)}:${toJson(value)}`);
      });
      const query = `${kind}${declared.length ? ` (${declared.join(', ')})` : ''} { ${field.name}${
        passed.length ? `(${passed.join(', ')})` : ''
      } ${selection(field.type)} }`;
      return { field: field.name, body: `{"query":${JSON.stringify(query)},"variables":{${variables.join(',')}}}` };
    });
}

/** `count` operations over every query and mutation of the schema, the same for the same seed. */
export function fuzzOperations(schema: GraphQLSchema, seed: number, count: number): FuzzOperation[] {
  const roots = [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((f) => operation('query', f)),
    ...Object.values(schema.getMutationType()?.getFields() ?? {})
      .filter((f) => !SKIPPED.has(f.name))
      .map((f) => operation('mutation', f)),
  ];
  return fc.sample(fc.oneof(...roots), { seed, numRuns: count });
}
