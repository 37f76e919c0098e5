// The one rule for text that reaches Postgres or a workflow. PostgreSQL stores no U+0000 (in text or
// jsonb), and node-pg silently turns a lone surrogate into U+FFFD: such text is refused with the path
// of the value, never altered. It applies to every string of an input, object keys included. Values
// nested deeper than MAX_NESTING are refused too: nothing we store nests so deep, and everything that
// walks a value by recursion (JSON.stringify, zod, jsonb) would overflow the stack on one that does.
// Paths have one syntax everywhere (formatPath): `states[0].label`.

export interface TextProblem {
  path: string;
  message: string;
}

/** Levels of objects and lists an input may nest; process definitions, the deepest, use about ten. */
export const MAX_NESTING = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this text cannot be stored as it is, or undefined. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains U+0000 (NUL), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored';
  return undefined;
}

/**
 * Every string and object key in a JSON-like value that breaks the rule, and every value nested deeper
 * than MAX_NESTING, with its path (e.g. `fields.note`, `states[0].label`). A loop over a stack of its
 * own, not recursion: the depth of the input decides nothing about ours.
 */
export function unstorableText(value: unknown, path = ''): TextProblem[] {
  const problems: TextProblem[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value === 'string') {
      const message = textProblem(next.value);
      if (message) problems.push({ path: next.path, message });
      continue;
    }
    if (typeof next.value !== 'object' || next.value === null || ArrayBuffer.isView(next.value)) continue;
    if (next.depth >= MAX_NESTING) {
      problems.push(tooDeep(next.path));
      continue;
    }
    const children: typeof pending = [];
    if (Array.isArray(next.value))
      next.value.forEach((item, i) =>
        children.push({ value: item, path: itemPath(next.path, i), depth: next.depth + 1 }),
      );
    else
      for (const [key, item] of Object.entries(next.value)) {
        const keyProblem = textProblem(key);
        if (keyProblem) problems.push({ path: next.path || '(root)', message: `a key ${keyProblem}` });
        else children.push({ value: item, path: propertyPath(next.path, key), depth: next.depth + 1 });
      }
    // Last in, first out: pushed in reverse, the problems come in the order of the input.
    // (A loop, not push(...children): spread arguments of a long list overflow the stack as well.)
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
  return problems;
}

/** The problem of a value nested deeper than MAX_NESTING, at this path. */
export const tooDeep = (path: string): TextProblem => ({
  path: path || '(root)',
  message: `nests deeper than ${MAX_NESTING} levels`,
});

/** The path of an object's property and of a list's item below a path: `fields.note`, `states[0]`. */
export const propertyPath = (path: string, key: string) => (path ? `${path}.${key}` : key);
export const itemPath = (path: string, index: number) => `${path}[${index}]`;

/** The path of a value as every problem names it: properties after dots, array items in brackets
 * (`transitions[2].from[0]`). zod's issue paths and the walks over inputs all go through it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    return typeof part === 'number' ? itemPath(out, part) : propertyPath(out, String(part));
  }, '');
}
