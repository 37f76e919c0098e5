// The scalars the schema needs: DateTime (ISO 8601 text), JSON (field values, SLA clocks) and File (a
// part of a multipart request, per the GraphQL multipart request spec).
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A date and time as ISO 8601 text in UTC, e.g. 2026-12-02T10:24:00.000Z.',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()))
    throw new GraphQLError('DateTime must be ISO 8601 text', { extensions: { code: 'BAD_USER_INPUT' } });
  return date;
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literal(ast, variables ?? undefined),
});

function literal(ast: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      return undefined;
  }
}

/** A file as yoga hands it over: a WHATWG File read from the request's multipart body. */
export interface UploadedFile {
  name: string;
  type: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const isUploadedFile = (value: unknown): value is UploadedFile =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as UploadedFile).arrayBuffer === 'function' &&
  typeof (value as UploadedFile).name === 'string' &&
  typeof (value as UploadedFile).size === 'number';

export const FileScalar = new GraphQLScalarType<UploadedFile, never>({
  name: 'File',
  description: 'A file sent as a part of a multipart request (the GraphQL multipart request spec); input only.',
  serialize: () => {
    throw new GraphQLError('File is an input type only');
  },
  parseValue: (value) => {
    if (isUploadedFile(value)) return value;
    throw new GraphQLError('File must be a part of a multipart/form-data request, mapped to this variable', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
  parseLiteral: () => {
    throw new GraphQLError('File must be a part of a multipart/form-data request, mapped to a variable', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});
