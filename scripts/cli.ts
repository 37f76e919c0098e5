// Operator command line: `npm run cli -- <command>`. Talks to the same Postgres as the running system
// (DATABASE_URL, else the embedded one `npm start` runs).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { databaseUrl, loadConfigOrExit, type Config } from '../platform/config.js';
import { AppError } from '../platform/errors.js';
import { addMember, createGroup, listGroups, removeMember } from '../platform/people/groups.js';
import { setPassword } from '../api/people/accounts.js';
import { createUser, listUsers, setUserStatus } from '../platform/people/users.js';
import {
  checkDefinition,
  getVersion,
  latestVersion,
  listProcesses,
  publishDefinition,
} from '../platform/processes/processes.js';
import { restoreProcess, retireProcess } from '../platform/processes/retirement.js';
import { createDb, migrateToLatest, type Db } from '../platform/store/db.js';
import { roles, settableStatuses } from '../platform/store/schema.js';
import { listTicketProblems } from '../platform/tickets/store.js';
import { createTicketService } from '../platform/tickets/service.js';
import { CallTracker, temporalAddress, temporalConnectionOptions } from '../temporal/client.js';
import { setUpNamespace } from '../temporal/setup.js';

const usage = `Usage: npm run cli -- <command> [options]

  user add --email EMAIL --name NAME --role ${roles.join('|')} [--status ${settableStatuses.join('|')}]
  user list [--role ROLE]
  user set-status EMAIL ${settableStatuses.join('|')}
  user set-password EMAIL     reads the new password from standard input (first line)
  group add KEY --name NAME
  group list
  group add-member GROUP_KEY EMAIL
  group remove-member GROUP_KEY EMAIL
  process validate FILE
  process publish FILE
  process list
  process show KEY [--version N]
  process retire KEY    take no new tickets (running ones go on)
  process restore KEY   take new tickets again
  ticket problems       tickets the read model flagged, and creates whose workflow has not started
  ticket reconcile      start the workflows of creates that stopped halfway (the API does this every 30 s)
  ticket repair NUMBER...
                        write each ticket's workflow state over its read-model row (a row that shows
                        a change its workflow does not have, after the Temporal server lost a task)
  db migrate
  temporal setup        register the namespace and search attributes (once per Temporal server)
`;

const CLI_ACTOR = 'cli';
/** A create this old without its workflow has stopped halfway, rather than being under way. */
const RECONCILE_AFTER_MS = 30_000;

type Handler = (db: Db, args: string[], config: Config) => Promise<void>;

const print = (line: string) => process.stdout.write(`${line}\n`);

function options(args: string[], names: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
  });
}

function positional(args: string[], count: number, what: string): string[] {
  const { positionals } = options(args, []);
  if (positionals.length !== count) throw new AppError('BAD_USER_INPUT', `expected ${what}`);
  return positionals;
}

/** A value the command cannot do without, named as the operator typed it (`--role`). */
function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new AppError('BAD_USER_INPUT', `${name} is missing`);
  return value;
}

/** One of a fixed set, or an error naming the flag, the value and the choices. */
function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new AppError('BAD_USER_INPUT', `${name}: "${value}" is not one of ${allowed.join('|')}`);
  return value as T;
}

const commands: Record<string, Handler> = {
  'user add': async (db, args) => {
    const { values } = options(args, ['email', 'name', 'role', 'status']);
    const user = await createUser(db, {
      email: required(values.email, '--email'),
      name: required(values.name, '--name'),
      role: oneOf(required(values.role, '--role'), roles, '--role'),
      ...(values.status !== undefined && { status: oneOf(values.status, settableStatuses, '--status') }),
    });
    print(`created ${user.role} ${user.email} (${user.status})`);
  },
  'user list': async (db, args) => {
    const { values } = options(args, ['role']);
    const role = values.role === undefined ? undefined : oneOf(values.role, roles, '--role');
    for (const user of await listUsers(db, { role })) {
      print(`${user.email.padEnd(36)} ${user.role.padEnd(12)} ${user.status.padEnd(9)} ${user.name}`);
    }
  },
  'user set-status': async (db, args) => {
    const [email, status] = positional(args, 2, 'EMAIL and STATUS');
    const user = await setUserStatus(db, email!, oneOf(status!, settableStatuses, 'STATUS'));
    print(`${user.email} is now ${user.status}`);
  },
  'user set-password': async (db, args) => {
    const [email] = positional(args, 1, 'EMAIL');
    // From standard input, never from the command line, where other users' `ps` would see it.
    const line = readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '';
    const user = await setPassword(db, email!, line);
    print(`${user.email} can sign in with the new password`);
  },
  'group add': async (db, args) => {
    const { values, positionals } = options(args, ['name']);
    const key = required(positionals[0], 'KEY');
    const group = await createGroup(db, { key, name: required(values.name, '--name') });
    print(`created group ${group.key}`);
  },
  'group list': async (db) => {
    for (const group of await listGroups(db)) {
      print(`${group.key} — ${group.name}`);
      for (const m of group.members) print(`    ${m.email.padEnd(36)} ${m.role.padEnd(12)} ${m.status}`);
    }
  },
  'group add-member': async (db, args) => {
    const [group, email] = positional(args, 2, 'GROUP_KEY and EMAIL');
    await addMember(db, group!, email!);
    print(`${email} is a member of ${group}`);
  },
  'group remove-member': async (db, args) => {
    const [group, email] = positional(args, 2, 'GROUP_KEY and EMAIL');
    await removeMember(db, group!, email!);
    print(`${email} left ${group}`);
  },
  'process validate': async (db, args) => {
    const [file] = positional(args, 1, 'FILE');
    const result = await checkDefinition(db, readJson(file!));
    if (!result.ok) throw definitionProblems(result.problems);
    print(
      `${file}: valid (${result.definition.key}, ${result.definition.states.length} states, ${result.definition.transitions.length} transitions)`,
    );
  },
  'process publish': async (db, args) => {
    const [file] = positional(args, 1, 'FILE');
    const published = await publishDefinition(db, readJson(file!), CLI_ACTOR);
    print(
      published.created
        ? `published ${published.key} v${published.version}`
        : `${published.key} v${published.version} is already this definition; nothing published`,
    );
  },
  'process list': async (db) => {
    for (const p of await listProcesses(db)) {
      const version = p.latestVersion ? `v${p.latestVersion}` : 'unpublished';
      const retired = p.retiredAt ? ' (retired)' : '';
      print(`${p.key.padEnd(24)} ${version.padEnd(12)} ${p.hasDraft ? 'draft ' : '      '} ${p.name}${retired}`);
    }
  },
  'process retire': async (db, args) => {
    const [key] = positional(args, 1, 'KEY');
    const retired = await retireProcess(db, key!, CLI_ACTOR);
    print(`${key} takes no new tickets since ${retired.retiredAt.toISOString()}; its running tickets go on`);
  },
  'process restore': async (db, args) => {
    const [key] = positional(args, 1, 'KEY');
    print((await restoreProcess(db, key!, CLI_ACTOR)) ? `${key} takes new tickets again` : `${key} was not retired`);
  },
  'process show': async (db, args) => {
    const { values, positionals } = options(args, ['version']);
    const key = positionals[0] ?? '';
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version > 0))
      throw new AppError('BAD_USER_INPUT', '--version must be a positive whole number');
    const found = version === undefined ? await latestVersion(db, key) : await getVersion(db, key, version);
    print(JSON.stringify({ version: found.version, ...found.definition }, null, 2));
  },
  'ticket problems': async (db) => {
    const problems = await listTicketProblems(db, new Date(Date.now() - RECONCILE_AFTER_MS));
    for (const { number, error } of problems.projection)
      print(`${number.padEnd(14)} read model refused event ${error.seq} (${error.code}): ${error.message}`);
    for (const number of problems.unstarted) print(`${number.padEnd(14)} created, workflow not started yet`);
    if (problems.projection.length + problems.unstarted.length === 0) print('no ticket needs a look');
  },
  'ticket reconcile': (db, _args, config) =>
    withTickets(db, config, async (tickets) => {
      const started = await tickets.reconcile(RECONCILE_AFTER_MS);
      print(started.length ? `started ${started.join(', ')}` : 'no create to finish');
    }),
  'ticket repair': (db, args, config) =>
    withTickets(db, config, async (tickets) => {
      const { positionals } = options(args, []);
      if (positionals.length === 0) throw new AppError('BAD_USER_INPUT', 'expected one or more ticket numbers');
      for (const number of positionals) {
        const ticket = await tickets.repair(number);
        print(
          `${number.padEnd(14)} read model rewritten from its workflow: ${ticket.state}, version ${ticket.version}`,
        );
      }
    }),
  'db migrate': async (db) => {
    const applied = await migrateToLatest(db);
    print(applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date');
  },
  'temporal setup': async (_db, _args, config) => {
    const address = temporalAddress(config);
    const connection = await Connection.connect({ address });
    try {
      await setUpNamespace(connection, config.TEMPORAL_NAMESPACE);
    } finally {
      await connection.close();
    }
    print(`namespace ${config.TEMPORAL_NAMESPACE} and its search attributes are set up on ${address}`);
  },
};

/** The ticket service, connected to Temporal for as long as `work` runs. */
async function withTickets(
  db: Db,
  config: Config,
  work: (tickets: ReturnType<typeof createTicketService>) => Promise<void>,
): Promise<void> {
  const calls = new CallTracker();
  const connection = await Connection.connect(temporalConnectionOptions(temporalAddress(config), calls));
  try {
    await work(
      createTicketService({
        db,
        temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        dataDir: config.DATA_DIR,
        continueAsNewAfter: config.TICKET_CONTINUE_AS_NEW_AFTER,
      }),
    );
  } finally {
    await calls.drain(15_000);
    await connection.close();
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_USER_INPUT', `${file} is not JSON: ${whereInText(text, (error as Error).message)}`);
  }
}

/** JSON.parse reports a character offset ("at position 42"); people look for a line and a column. */
function whereInText(text: string, message: string): string {
  const match = /^(.*?)(?: in JSON)? at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  if (!match) return message;
  const before = text.slice(0, Number(match[2]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${match[1]}`;
}

function definitionProblems(problems: { path: string; message: string }[]): AppError {
  return new AppError(
    'BAD_USER_INPUT',
    `${problems.length} problem(s):\n${problems.map((p) => `  ${p.path || '(definition)'}: ${p.message}`).join('\n')}`,
  );
}

async function main(argv: string[]): Promise<number> {
  const [noun, verb, ...rest] = argv;
  if (noun === undefined || ['help', '--help', '-h'].includes(noun)) {
    process.stdout.write(usage);
    return 0;
  }
  const handler = commands[`${noun} ${verb}`];
  if (!handler) {
    process.stderr.write(`Unknown command "${argv.join(' ')}".\n\n${usage}`);
    return 2;
  }
  const config = loadConfigOrExit();
  const db = createDb(databaseUrl(config), { max: 1 });
  try {
    await handler(db, rest, config);
    return 0;
  } catch (error) {
    if (error instanceof AppError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`error: ${error.message}\n`);
      return error instanceof AppError && error.code === 'NOT_FOUND' ? 3 : 2;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED') {
      process.stderr.write(
        `error: cannot reach Postgres (${error.message}). Is \`npm start\` running, or DATABASE_URL set?\n`,
      );
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
