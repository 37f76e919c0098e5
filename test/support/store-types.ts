// The tables and columns that platform/store/schema.ts declares to kysely, read with the TypeScript
// compiler (its type checker, as `tsc` sees the file): for each table of the `Database` interface, each
// column's select type (what a query returns: `S` of `ColumnType<S, I, U>`, `Generated<S>`,
// `JSONColumnType<S>`), reduced to a coarse kind and whether it may be null. test/integration/
// store-schema.test.ts compares them with the columns the migrations make.
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** What a column's values are in JavaScript, coarsely: enough to tell a text from a number, a date or JSON. */
export type Kind =
  'string' | 'number' | 'boolean' | 'Date' | 'json' | 'string[]' | 'number[]' | 'undefined' | `mixed(${string})`;

export interface DeclaredColumn {
  kind: Kind;
  nullable: boolean;
  /** The select type as TypeScript prints it, for messages. */
  text: string;
}

export const SCHEMA_PATH = join(import.meta.dirname, '..', '..', 'platform', 'store', 'schema.ts');

/** Table → column → what schema.ts declares, in declaration order. */
export function declaredTables(path = SCHEMA_PATH): Map<string, Map<string, DeclaredColumn>> {
  const configPath = join(import.meta.dirname, '..', '..', 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const program = ts.createProgram([path], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path);
  if (!source) throw new Error(`${path}: not found`);
  const database = source.statements.find(
    (node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === 'Database',
  );
  if (!database) throw new Error(`${path}: no \`interface Database\``);

  const tables = new Map<string, Map<string, DeclaredColumn>>();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(database))) {
    const columns = new Map<string, DeclaredColumn>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(table, database))) {
      const type = selectType(checker, checker.getTypeOfSymbolAtLocation(column, database), database);
      columns.set(column.name, { ...classify(checker, type), text: checker.typeToString(type) });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

/** `S` of kysely's `ColumnType<S, I, U>` (whose `__select__` it is), or the type itself for a plain column. */
function selectType(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): ts.Type {
  const select = checker.getPropertyOfType(type, '__select__');
  return select ? checker.getTypeOfSymbolAtLocation(select, at) : type;
}

function classify(checker: ts.TypeChecker, type: ts.Type): { kind: Kind; nullable: boolean } {
  const members = type.isUnion() ? type.types : [type];
  const nullable = members.some((member) => member.flags & ts.TypeFlags.Null);
  const kinds = new Set(members.filter((member) => !(member.flags & ts.TypeFlags.Null)).map((m) => kindOf(checker, m)));
  const [only, ...more] = [...kinds];
  return { kind: more.length === 0 && only ? only : `mixed(${[...kinds].sort().join('|')})`, nullable };
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): Kind {
  const { flags } = type;
  if (flags & (ts.TypeFlags.StringLike | ts.TypeFlags.EnumLike)) return 'string';
  if (flags & ts.TypeFlags.NumberLike) return 'number';
  if (flags & ts.TypeFlags.BooleanLike) return 'boolean';
  if (flags & ts.TypeFlags.Undefined) return 'undefined';
  if (flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return 'json';
  if (type.getSymbol()?.name === 'Date') return 'Date';
  if (checker.isArrayType(type)) {
    const element = kindOf(checker, checker.getTypeArguments(type as ts.TypeReference)[0]!);
    return element === 'string' ? 'string[]' : element === 'number' ? 'number[]' : 'json';
  }
  return 'json';
}
