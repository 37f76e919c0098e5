// A definition's keys in the order of its JSON Schema's properties (format, key, name, description, …,
// fields, states, transitions, …, and likewise inside each state, transition and action), for people
// to read: Postgres keeps definitions as jsonb, which answers an object's keys shortest first. Arrays
// keep their order; keys the schema does not know follow the known ones, as they came.

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema itself and, through $ref and the alternatives of anyOf, oneOf and allOf, every schema it may be. */
function alternatives(schema: unknown, root: Schema, seen = new Set<unknown>()): Schema[] {
  if (!isObject(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const found = [schema];
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/')) {
    const target = schema.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, step) => (isObject(node) ? node[step] : undefined), root);
    found.push(...alternatives(target, root, seen));
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'])
    if (Array.isArray(schema[keyword]))
      for (const option of schema[keyword]) found.push(...alternatives(option, root, seen));
  return found;
}

/** `value` reordered by what `schemas` (any of which it may match) say of its objects. */
function reorder(value: unknown, schemas: unknown[], root: Schema): unknown {
  const all = schemas.flatMap((s) => alternatives(s, root));
  if (Array.isArray(value)) {
    return value.map((item, i) =>
      reorder(
        item,
        all.flatMap((s) => [Array.isArray(s.prefixItems) ? s.prefixItems[i] : undefined, s.items]),
        root,
      ),
    );
  }
  if (!isObject(value)) return value;
  const known = [...new Set(all.flatMap((s) => (isObject(s.properties) ? Object.keys(s.properties) : [])))];
  const keys = [...known.filter((k) => k in value), ...Object.keys(value).filter((k) => !known.includes(k))];
  return Object.fromEntries(
    keys.map((k) => [
      k,
      reorder(
        value[k],
        all.map((s) => (isObject(s.properties) ? s.properties[k] : undefined) ?? s.additionalProperties),
        root,
      ),
    ]),
  );
}

/** `value` with every object's keys in the order `schema` lists them (a copy; the value is left alone). */
export function inSchemaOrder(value: unknown, schema: Schema): unknown {
  return reorder(value, [schema], schema);
}
