// The one rule for text that reaches Postgres or a workflow. PostgreSQL stores no U+0000 (in text or
// jsonb), and node-pg silently turns a lone surrogate into U+FFFD: such text is refused with the path
// of the value, never altered. It applies to every string of an input, object keys included.
// Paths have one syntax everywhere (formatPath): `states[0].label`.

export interface TextProblem {
  path: string;
  message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this text cannot be stored as it is, or undefined. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains U+0000 (NUL), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored';
  return undefined;
}

/** Every string and object key in a JSON-like value that breaks the rule, with its path (e.g. `fields.note`,
 * `states[0].label`). */
export function unstorableText(value: unknown, path = ''): TextProblem[] {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? [{ path, message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableText(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const keyProblem = textProblem(key);
      if (keyProblem) return [{ path: path || '(root)', message: `a key ${keyProblem}` }];
      return unstorableText(item, join(path, key));
    });
  }
  return [];
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The path of a value as every problem names it: properties after dots, array items in brackets
 * (`transitions[2].from[0]`). zod's issue paths and the walks over inputs all go through it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return join(out, String(part));
  }, '');
}
