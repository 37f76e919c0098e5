// The text rule (platform/text.ts) for every argument of every operation, at one place rather than in
// each resolver: U+0000 and lone surrogates (which Postgres cannot store, and which reached SQL from
// lookups such as a ticket number, a process key or a sign-in email as masked errors) and values
// nested deeper than MAX_NESTING are refused as BAD_USER_INPUT with the path of the value, whether it
// came in a variable or was written in the query text, nested in input objects, lists or JSON. Before
// that, a document that nests deeper than graphql-js can parse without overflowing its stack is
// refused before it is parsed.
import {
  GraphQLError,
  Kind,
  visit,
  type ArgumentNode,
  type ConstValueNode,
  type DocumentNode,
  type ExecutionResult,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import {
  MAX_NESTING,
  itemPath,
  propertyPath,
  textProblem,
  tooDeep,
  unstorableText,
  type TextProblem,
} from '../../platform/text.js';
import { invalidInput } from '../../platform/validate.js';
import { fromAppError } from './errors.js';

/**
 * Brackets a document may nest: MAX_NESTING levels of a JSON literal, with the selection sets and
 * argument lists around it. graphql-js parses by recursion and overflowed near 2,000 levels, under the
 * armor's token limit (a list literal takes one token a level).
 */
export const MAX_DOCUMENT_NESTING = MAX_NESTING + 36;

export const inputRules: Plugin = {
  onParse({ params }) {
    const source = typeof params.source === 'string' ? params.source : params.source.body;
    const depth = nesting(source);
    if (depth > MAX_DOCUMENT_NESTING)
      throw new GraphQLError(`Syntax Error: the document nests deeper than ${MAX_DOCUMENT_NESTING} levels.`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
  },
  onExecute({ args, setResultAndStopExecution }) {
    const refusal = refuse(args.document, args.variableValues, args.operationName);
    if (refusal) setResultAndStopExecution(refusal);
  },
  onSubscribe({ args, setResultAndStopExecution }) {
    const refusal = refuse(args.document, args.variableValues, args.operationName);
    if (refusal) setResultAndStopExecution(refusal);
  },
};

function refuse(
  document: DocumentNode,
  variables: unknown,
  operationName?: string | null,
): ExecutionResult | undefined {
  const problems = argumentProblems(document, (variables ?? {}) as Record<string, unknown>, operationName);
  if (problems.length === 0) return undefined;
  return { errors: [fromAppError(invalidInput(problems)) as GraphQLError] };
}

/**
 * The rule over every argument of the operation that runs (and the fragments it may use), with the
 * argument's path as resolvers name their input: `number`, `fields.note`; an argument called `input`
 * is the input itself (`title`, not `input.title`). A variable is checked where it is used, as sent
 * (or its default when it was not sent).
 */
function argumentProblems(
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string | null,
): TextProblem[] {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((o) => !operationName || o.name?.value === operationName) ?? operations[0];
  const defaults = new Map(operation?.variableDefinitions?.map((v) => [v.variable.name.value, v.defaultValue]));
  const problems: TextProblem[] = [];
  const check = (args: readonly ArgumentNode[] | undefined, field?: string) =>
    args?.forEach((arg) => {
      const path = arg.name.value === 'input' ? '' : arg.name.value;
      const found = literal(arg.value, path, variables, defaults);
      const whole = field !== undefined && VALIDATED_WHOLE.has(`${field}.${arg.name.value}`);
      problems.push(...(whole ? found.filter((p) => p.message.startsWith('nests deeper')) : found));
    });
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of [...(operation ? [operation] : []), ...fragments])
    visit(definition, {
      Field: (node) => check(node.arguments, node.name.value),
      Directive: (node) => check(node.arguments),
    });
  return problems;
}

/**
 * Arguments whose resolvers check the whole value and list every problem of it, text among them
 * (process definitions: workflows/process/validate.ts; a ticket's creation: platform/tickets/creation.ts),
 * so that an admin sees a NUL beside a dangling reference at once, and a person a NUL in the title
 * beside a missing field, in the form's words: here only their nesting is checked, which keeps those
 * checks' recursion safe.
 */
const VALIDATED_WHOLE = new Set([
  'saveProcessDraft.definition',
  'validateProcessDefinition.definition',
  'createTicket.input',
]);

/** As unstorableText, over a literal's syntax tree and the variables in it; by a stack of its own, not by recursion. */
function literal(
  value: ValueNode,
  path: string,
  variables: Record<string, unknown>,
  defaults: Map<string, ConstValueNode | undefined>,
): TextProblem[] {
  const problems: TextProblem[] = [];
  const pending: { node: ValueNode; path: string; depth: number }[] = [{ node: value, path, depth: 0 }];
  while (pending.length > 0) {
    const { node, path, depth } = pending.pop()!;
    if (node.kind === Kind.VARIABLE) {
      const name = node.name.value;
      if (Object.hasOwn(variables, name)) problems.push(...unstorableText(variables[name], path));
      else if (defaults.get(name)) pending.push({ node: defaults.get(name)!, path, depth });
    } else if (node.kind === Kind.STRING) {
      const message = textProblem(node.value);
      if (message) problems.push({ path, message });
    } else if (node.kind === Kind.LIST || node.kind === Kind.OBJECT) {
      if (depth >= MAX_NESTING) {
        problems.push(tooDeep(path));
        continue;
      }
      const children =
        node.kind === Kind.LIST
          ? node.values.map((item, i) => ({ node: item, path: itemPath(path, i), depth: depth + 1 }))
          : node.fields.map((field) => ({
              node: field.value,
              path: propertyPath(path, field.name.value),
              depth: depth + 1,
            }));
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
    }
  }
  return problems;
}

/**
 * How deep the brackets of a document nest, `{` `[` `(` alike, outside strings and comments. A scan
 * of the text, so that it costs nothing to the stack however deep the document goes.
 */
export function nesting(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '"' && source.startsWith('"""', i)) {
      i += 3;
      while (i < source.length && !source.startsWith('"""', i)) i += source.startsWith('\\"""', i) ? 4 : 1;
      i += 2;
    } else if (c === '"') {
      i++;
      while (i < source.length && source[i] !== '"' && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
    } else if (c === '{' || c === '[' || c === '(') {
      deepest = Math.max(deepest, ++depth);
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return deepest;
}
