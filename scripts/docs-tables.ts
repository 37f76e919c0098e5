// `npm run docs:tables`: writes the tables of the docs that are generated from the code, between their
// marker comments, so that they cannot drift from what they describe:
//   - docs/api.md, `access`: who may call which GraphQL operation, from the authorization matrix
//     (api/graphql/access-matrix.ts) that test/integration/graphql-access.test.ts checks against the API;
//   - docs/operations.md, `config`: every environment variable, its default and its meaning, from the
//     configuration schema (platform/config.ts: its defaults and the `doc` each setting carries).
// Each document is then formatted by prettier, as `npm run format` would. test/unit/docs-tables.test.ts
// fails when a committed document differs from what this script writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import type { GraphQLObjectType } from 'graphql';
import type { z } from 'zod';
import { accessMatrix, callers, people, systems, type Answer } from '../api/graphql/access-matrix.js';
import { createTicketflowSchema } from '../api/graphql/server.js';
import { configSchema } from '../platform/config.js';
import { settingDocs } from '../platform/setting-docs.js';

const root = join(import.meta.dirname, '..');

/** The generated blocks of each document, by the name in its markers. */
export const generatedDocs: { path: string; blocks: Record<string, () => string> }[] = [
  { path: join(root, 'docs', 'api.md'), blocks: { access: accessTables } },
  { path: join(root, 'docs', 'operations.md'), blocks: { config: configTable } },
];

export const REGENERATE = 'npm run docs:tables';

const begin = (name: string) => `<!-- BEGIN GENERATED ${name}: \`${REGENERATE}\` writes this; do not edit -->`;
const end = (name: string) => `<!-- END GENERATED ${name} -->`;

/** A document with each of its generated blocks written anew, formatted as prettier formats it. */
export async function renderDoc(doc: (typeof generatedDocs)[number], text = readFileSync(doc.path, 'utf8')) {
  let out = text;
  for (const [name, table] of Object.entries(doc.blocks)) {
    const [open, close] = [begin(name), end(name)];
    const from = out.indexOf(open);
    const to = out.indexOf(close);
    if (from < 0 || to < from || out.indexOf(open, from + 1) >= 0)
      throw new Error(`${relative(root, doc.path)} needs one pair of markers for "${name}":\n${open}\n${close}`);
    out = `${out.slice(0, from + open.length)}\n\n${table()}\n\n${out.slice(to)}`;
  }
  const options = await prettier.resolveConfig(doc.path);
  return prettier.format(out, { ...options, filepath: doc.path });
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const answerText: Record<Answer, string> = {
  ok: 'ok',
  null: 'null',
  silent: 'silent',
  UNAUTHENTICATED: '`UNAUTHENTICATED`',
  FORBIDDEN: '`FORBIDDEN`',
  NOT_FOUND: '`NOT_FOUND`',
};

/** The access matrix as one table per root type, in the schema's order, under the legend of its columns. */
export function accessTables(): string {
  const schema = createTicketflowSchema();
  const roots: [string, GraphQLObjectType | null | undefined][] = [
    ['Queries', schema.getQueryType()],
    ['Mutations', schema.getMutationType()],
    ['Subscriptions', schema.getSubscriptionType()],
  ];
  const operations = roots.flatMap(([, type]) => Object.keys(type?.getFields() ?? {}));
  const missing = operations.filter((name) => !accessMatrix[name]);
  const extra = Object.keys(accessMatrix).filter((name) => !operations.includes(name));
  if (missing.length || extra.length)
    throw new Error(
      `api/graphql/access-matrix.ts must have a row for every operation of the schema and no other: ` +
        `missing ${missing.join(', ') || 'none'}; not in the schema ${extra.join(', ') || 'none'}`,
    );
  const columns = [...people, ...systems];
  const legend = columns.map((caller) => `- **${callers[caller].label}**: ${callers[caller].who}.`).join('\n');
  const head = ['operation', ...columns.map((caller) => callers[caller].label), 'why'];
  const tables = roots
    .filter(([, type]) => type)
    .map(([title, type]) => {
      const rows = Object.keys(type!.getFields()).map((name) => {
        const { people: persons, keys, note } = accessMatrix[name]!;
        return [`\`${name}\``, ...[...persons, ...keys].map((answer) => answerText[answer]), note ?? ''];
      });
      return `**${title}**\n\n${table(head, rows)}`;
    });
  return [
    'Generated from `api/graphql/access-matrix.ts`, which `test/integration/graphql-access.test.ts` checks cell ' +
      'by cell against a running API. The columns:',
    legend,
    'A cell is the answer: `ok` (data), `null` (the field is null: not a ticket they may see), `silent` (the ' +
      "stream stays open and carries nothing of that ticket), or the error's `extensions.code`.",
    ...tables,
  ].join('\n\n');
}

/** Every setting of the configuration schema, in its order: variable, default, meaning. */
export function configTable(): string {
  const rows = Object.entries(configSchema.shape).map(([key, setting]) => {
    const doc = settingDocs.get(setting);
    if (!doc) throw new Error(`platform/config.ts: ${key} has no doc(…): say what it means`);
    const fallback = defaultOf(setting);
    if (fallback === undefined && doc.unset === undefined)
      throw new Error(`platform/config.ts: ${key} has no default: its doc must say what unset means`);
    if (fallback !== undefined && doc.unset !== undefined)
      throw new Error(`platform/config.ts: ${key} has a default: its doc's "unset" would contradict it`);
    return [`\`${key}\``, fallback === undefined ? doc.unset! : defaultText(key, fallback), doc.meaning];
  });
  return [
    'Generated from the configuration schema (`configSchema` in `platform/config.ts`): its defaults, and the ' +
      'meaning each setting declares beside its rule.',
    table(['variable', 'default', 'meaning'], rows),
  ].join('\n\n');
}

/** The value a setting takes when unset, if the schema gives one (inside a transform's input too). */
function defaultOf(setting: z.ZodType): unknown {
  const def = setting.def as { type: string; defaultValue?: unknown; in?: z.ZodType };
  if (def.type === 'default') return def.defaultValue;
  if (def.type === 'pipe' && def.in) return defaultOf(def.in);
  return undefined;
}

function defaultText(key: string, value: unknown): string {
  if (value === '') return 'none';
  const text = `\`${String(value)}\``;
  const mib = 1024 * 1024;
  return key.endsWith('_BYTES') && typeof value === 'number' && value % mib === 0
    ? `${text} (${value / mib} MiB)`
    : text;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const doc of generatedDocs) {
    const before = readFileSync(doc.path, 'utf8');
    const after = await renderDoc(doc, before);
    if (after !== before) writeFileSync(doc.path, after);
    process.stdout.write(`${after === before ? 'up to date' : 'wrote'} ${relative(root, doc.path)}\n`);
  }
}
