// Demo data for the embedded-default start (development only): the people, groups and sample
// processes (platform/processes/samples/). Idempotent: existing rows are left as they are, and a sample
// process is published only when no version or draft of its key exists, so an admin's work survives.
import { sql } from 'kysely';
import { hashPassword } from './auth/passwords.js';
import { processExists, publishDefinition } from '../platform/processes/processes.js';
import { loadSampleProcess, sampleProcessKeys } from '../platform/processes/samples.js';
import { seedDemoMacros } from '../platform/macros/demo.js';
import type { Role } from '../platform/store/schema.js';
import type { Db } from '../platform/store/db.js';

interface DemoGroup {
  key: string;
  name: string;
  members: { email: string; name: string; role: Role }[];
}

/** The demo people's password: development only, printed at the first start. */
export const DEMO_PASSWORD = 'ticketflow-demo';

export const demoAdmin = { email: 'admin@example.com', name: 'Ada Admin', role: 'ADMIN' as const };
export const demoEmployees = [
  { email: 'erin.employee@example.com', name: 'Erin Employee', role: 'EMPLOYEE' as const },
  { email: 'eli.employee@example.com', name: 'Eli Employee', role: 'EMPLOYEE' as const },
];
export const demoGroups: DemoGroup[] = [
  {
    key: 'service-desk',
    name: 'Service desk',
    members: [
      { email: 'sam.agent@example.com', name: 'Sam Agent', role: 'AGENT' },
      { email: 'sara.agent@example.com', name: 'Sara Agent', role: 'AGENT' },
      { email: 'sid.agent@example.com', name: 'Sid Agent', role: 'AGENT' },
      { email: 'cora.coordinator@example.com', name: 'Cora Coordinator', role: 'COORDINATOR' },
    ],
  },
  {
    key: 'engineering',
    name: 'Engineering',
    members: [
      { email: 'erik.engineer@example.com', name: 'Erik Engineer', role: 'AGENT' },
      { email: 'emma.engineer@example.com', name: 'Emma Engineer', role: 'AGENT' },
      { email: 'carl.coordinator@example.com', name: 'Carl Coordinator', role: 'COORDINATOR' },
    ],
  },
  {
    key: 'support-tier1',
    name: 'Customer support, tier 1',
    members: [
      { email: 'tia.support@example.com', name: 'Tia Support', role: 'AGENT' },
      { email: 'tom.support@example.com', name: 'Tom Support', role: 'AGENT' },
    ],
  },
  {
    key: 'support-tier2',
    name: 'Customer support, tier 2',
    members: [{ email: 'tara.specialist@example.com', name: 'Tara Specialist', role: 'AGENT' }],
  },
];

export interface SeedResult {
  createdPeople: string[];
  /** "key vN" of each sample version published now. */
  publishedProcesses: string[];
}

export async function seedDemoData(db: Db): Promise<SeedResult> {
  const createdPeople = await seedPeople(db);
  const publishedProcesses: string[] = [];
  for (const key of sampleProcessKeys) {
    if (await processExists(db, key)) continue;
    const result = await publishDefinition(db, loadSampleProcess(key), 'seed');
    if (result.created) publishedProcesses.push(`${key} v${result.version}`);
  }
  await seedDemoMacros(db);
  return { createdPeople, publishedProcesses };
}

async function seedPeople(db: Db): Promise<string[]> {
  // One hash serves every demo person: the password is the same, the salt need not differ.
  const password_hash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const people = [demoAdmin, ...demoEmployees, ...demoGroups.flatMap((g) => g.members)];
    const created = await trx
      .insertInto('users')
      .values(people.map((person) => ({ ...person, password_hash })))
      .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
      .returning('email')
      .execute();
    for (const group of demoGroups) {
      const { id } = await trx
        .insertInto('groups')
        .values({ key: group.key, name: group.name })
        .onConflict((oc) => oc.column('key').doUpdateSet({ key: group.key }))
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const member of group.members) {
        await trx
          .insertInto('group_members')
          .columns(['group_id', 'user_id'])
          .expression((eb) =>
            eb
              .selectFrom('users')
              .select([eb.val(id).as('group_id'), 'id'])
              .where((e) => e(e.fn('lower', ['email']), '=', member.email)),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    return created.map((row) => row.email);
  });
}
