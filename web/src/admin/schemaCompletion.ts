// Completion of a definition's property names (and enumerated values) from its JSON Schema, as the
// API gives it (processDefinitionSchema): the path to the cursor is walked through the schema's
// properties, items, $refs and unions, and whatever that place may hold is offered.
import type { CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { pathAt, type PathStep } from './jsonPath';

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null;

/** The schema itself and every alternative it allows ($ref, anyOf, oneOf, allOf), flattened. */
function alternatives(root: Schema, schema: Schema, seen = new Set<Schema>()): Schema[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const result = [schema];
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isSchema(target) ? target[part] : undefined;
    if (isSchema(target)) result.push(...alternatives(root, target, seen));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) if (isSchema(s)) result.push(...alternatives(root, s, seen));
  }
  return result;
}

function descend(root: Schema, schemas: Schema[], next: PathStep): Schema[] {
  const result: Schema[] = [];
  for (const schema of schemas) {
    if (typeof next === 'string') {
      const properties = schema.properties;
      const sub = isSchema(properties) ? properties[next] : undefined;
      if (isSchema(sub)) result.push(...alternatives(root, sub));
      else if (isSchema(schema.additionalProperties)) result.push(...alternatives(root, schema.additionalProperties));
    } else {
      const items = schema.items;
      if (isSchema(items)) result.push(...alternatives(root, items));
      else if (Array.isArray(schema.prefixItems) && isSchema(schema.prefixItems[next]))
        result.push(...alternatives(root, schema.prefixItems[next]));
    }
  }
  return result;
}

export function schemaAt(root: Schema, path: PathStep[]): Schema[] {
  let schemas = alternatives(root, root);
  for (const next of path) schemas = descend(root, schemas, next);
  return schemas;
}

function describe(schema: unknown): string | undefined {
  return isSchema(schema) && typeof schema.description === 'string' ? schema.description : undefined;
}

export function schemaCompletion(root: Schema): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/"?[\w$-]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const { path, node } = pathAt(context.state, context.pos);
    const inName = node.name === 'PropertyName' || node.parent?.name === 'Object' || node.name === 'Object';
    const schemas = schemaAt(root, path);
    if (inName) {
      const options = new Map<string, string | undefined>();
      for (const schema of schemas)
        if (isSchema(schema.properties))
          for (const [name, sub] of Object.entries(schema.properties)) options.set(name, describe(sub));
      if (options.size === 0) return null;
      return {
        from: word.from,
        options: [...options].map(([name, info]) => ({
          label: `"${name}"`,
          apply: `"${name}": `,
          type: 'property',
          info,
        })),
        validFor: /^"?[\w$-]*$/,
      };
    }
    const values = new Set<string>();
    for (const schema of schemas) {
      if (Array.isArray(schema.enum)) for (const v of schema.enum) values.add(JSON.stringify(v));
      if ('const' in schema) values.add(JSON.stringify(schema.const));
    }
    if (values.size === 0) return null;
    return { from: word.from, options: [...values].map((label) => ({ label, type: 'enum' })), validFor: /^"?[\w$-]*$/ };
  };
}
