// The query cost limit, in agreement with the schema's own bounds. A query's cost counts each field it
// asks for once per object that may carry it: a field under a page (`first`, up to PAGE_LIMITS) counts
// `first` times, whether `first` is written in the query, passed as a variable or left to its default.
// The limit is derived from the schema: twice the cost of its largest legitimate selection, i.e. of a
// root field asking every field down to MAX_DEPTH, each page at its largest (entering no type twice on
// the way down). So a client within the schema's bounds is never refused by cost, while a query that
// repeats or nests the largest pages (by aliases, say) is: BAD_USER_INPUT, reason QUERY_TOO_COSTLY.
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { graphQLError } from './errors.js';
import { PAGE_DEFAULTS_FOR, PAGE_LIMITS } from '../../platform/page-limits.js';

/** Levels of fields a query may nest (the armor's maxDepth): the largest selection goes this deep. */
export const MAX_DEPTH = 8;
/** Room above the largest legitimate selection, for what else one screen's query asks beside it. */
const HEADROOM = 2;

type Variables = Record<string, unknown>;
type Field = GraphQLField<unknown, unknown>;
const limits: Record<string, number> = PAGE_LIMITS;

/** How many times a field's selection counts, and the page default it hands down (Query.board's cards). */
function pageOf(key: string, first: number | undefined, inherited: number | undefined) {
  if (PAGE_DEFAULTS_FOR[key]) return { times: 1, inherited: first ?? limits[key] };
  if (key in limits) return { times: Math.max(0, first ?? inherited ?? limits[key]!), inherited: undefined };
  return { times: 1, inherited };
}

const fieldsOf = (type: GraphQLNamedType): Field[] =>
  isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];

export interface CostModel {
  maxCost: number;
  costOf(document: DocumentNode, variables: Variables, operationName?: string | null): number;
}

export function costModel(schema: GraphQLSchema): CostModel {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    for (const field of fieldsOf(type)) {
      const key = `${type.name}.${field.name}`;
      if (field.args.some((a) => a.name === 'first') && !(key in limits))
        throw new Error(`${key} takes 'first' but has no page limit in platform/page-limits.ts`);
    }
  }

  /** The cost of asking every field of `type`, whose fields are at `level`, each page at its largest. */
  function largest(type: GraphQLNamedType, level: number, path: string[], inherited: number | undefined): number {
    if (isUnionType(type))
      return Math.max(0, ...type.getTypes().map((t) => largest(t, level + 1, [...path, t.name], inherited)));
    let total = 0;
    for (const field of fieldsOf(type)) {
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) {
        total += 1;
        continue;
      }
      if (level + 1 > MAX_DEPTH || path.includes(named.name)) continue;
      const page = pageOf(`${type.name}.${field.name}`, undefined, inherited);
      total += 1 + page.times * largest(named, level + 1, [...path, named.name], page.inherited);
    }
    return total;
  }

  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) =>
    t ? [t] : [],
  );
  return {
    maxCost: HEADROOM * Math.max(...roots.flatMap((root) => fieldsOf(root).map((f) => rootCost(root, f)))),
    costOf(document, variables, operationName) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const operation = document.definitions.find(
        (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
      );
      if (operation?.kind !== Kind.OPERATION_DEFINITION) return 0;
      const root = schema.getRootType(operation.operation);
      return root ? costOfSet(operation.selectionSet, root, undefined) : 0;

      function costOfSet(set: SelectionSetNode, type: GraphQLNamedType, inherited: number | undefined): number {
        let total = 0;
        for (const selection of set.selections) {
          if (selection.kind === Kind.FIELD) total += costOfField(selection, type, inherited);
          else if (selection.kind === Kind.INLINE_FRAGMENT) {
            const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
            if (on) total += costOfSet(selection.selectionSet, on, inherited);
          } else {
            const fragment = fragments.get(selection.name.value);
            const on = fragment && schema.getType(fragment.typeCondition.name.value);
            if (fragment && on) total += costOfSet(fragment.selectionSet, on, inherited);
          }
        }
        return total;
      }

      function costOfField(node: FieldNode, type: GraphQLNamedType, inherited: number | undefined): number {
        const field = fieldsOf(type).find((f) => f.name === node.name.value);
        if (!field) return 0; // __typename, introspection
        if (!node.selectionSet) return 1;
        const page = pageOf(`${type.name}.${field.name}`, firstOf(field, node, variables), inherited);
        return 1 + page.times * costOfSet(node.selectionSet, getNamedType(field.type), page.inherited);
      }
    },
  };

  /** A root field asked with every field below it, each page at its largest. */
  function rootCost(root: GraphQLNamedType, field: Field): number {
    const named = getNamedType(field.type);
    if (!isCompositeType(named)) return 1;
    const page = pageOf(`${root.name}.${field.name}`, undefined, undefined);
    return 1 + page.times * largest(named, 2, [root.name, named.name], page.inherited);
  }
}

/** `first` as the query gives it (literal or variable), else its default; undefined when neither. */
function firstOf(field: Field, node: FieldNode, variables: Variables): number | undefined {
  const definition = field.args.find((a) => a.name === 'first');
  if (!definition) return undefined;
  const given = node.arguments?.find((a) => a.name.value === 'first');
  const value: unknown = given ? valueFromAST(given.value, definition.type, variables) : definition.defaultValue;
  return typeof value === 'number' ? value : undefined;
}

/** Refuses an operation whose cost is over the model's limit, before anything of it runs. */
export function costLimit(model: CostModel): Plugin {
  const check = ({
    args,
    setResultAndStopExecution,
  }: {
    args: { document: DocumentNode; variableValues?: Variables | null; operationName?: string | null };
    setResultAndStopExecution(result: { errors: unknown[] }): void;
  }) => {
    const cost = model.costOf(args.document, args.variableValues ?? {}, args.operationName);
    if (cost <= model.maxCost) return;
    setResultAndStopExecution({
      errors: [
        graphQLError(
          'BAD_USER_INPUT',
          `the query may cost ${cost}, more than the limit of ${model.maxCost}: ask for smaller pages (first) or fewer fields`,
          { reason: 'QUERY_TOO_COSTLY', cost, maxCost: model.maxCost },
        ),
      ],
    });
  };
  return { onExecute: check as never, onSubscribe: check as never };
}
