// The placeholders of a canned reply or a macro's reply: `{{requester.name}}`, `{{requester.firstName}}`,
// `{{ticket.number}}`, `{{ticket.title}}`, `{{agent.name}}`, `{{fields.<key>}}`. Checked when a reply is
// saved (an unknown one is refused, in words, so a typo never reaches a requester) and filled when it is
// inserted or applied (fill.ts reads the values). Pure.

/** The placeholders every reply may use, beside `fields.<key>`. */
export const PLACEHOLDERS = [
  'requester.name',
  'requester.firstName',
  'ticket.number',
  'ticket.title',
  'agent.name',
] as const;

const PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const FIELD = /^fields\.([a-z][a-z0-9_]*)$/;

/** The names of the placeholders in a text, each once, in order of appearance. */
export function placeholdersIn(body: string): string[] {
  return [...new Set([...body.matchAll(PATTERN)].map((m) => m[1]!))];
}

/** The field key a placeholder names (`fields.<key>`), if it names one. */
export const fieldOf = (name: string): string | undefined => FIELD.exec(name)?.[1];

/** Why each placeholder of `body` cannot be filled, in words. `fieldKeys`: the fields of the macro's
 * process (a reply of no process may name any field; it fills as empty where there is none). */
export function placeholderProblems(body: string, fieldKeys?: readonly string[]): string[] {
  const known = PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');
  return placeholdersIn(body).flatMap((name) => {
    if ((PLACEHOLDERS as readonly string[]).includes(name)) return [];
    const field = fieldOf(name);
    if (field === undefined)
      return [`The placeholder {{${name.slice(0, 80)}}} is not one Ticketflow fills: use ${known} or {{fields.<key>}}`];
    if (fieldKeys && !fieldKeys.includes(field))
      return [`The placeholder {{${name}}} names no field of the macro's process`];
    return [];
  });
}

/** The text with each placeholder replaced by its value; one without a value becomes empty. */
export function fill(body: string, values: Record<string, string>): string {
  return body.replace(PATTERN, (_, name: string) => values[name] ?? '');
}
