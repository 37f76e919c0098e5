// Demo canned replies and macros for the sample processes (development's embedded start, api/seed.ts),
// so the ticket page and /macros show some. Idempotent: one whose name its scope has already is left as
// it is (an admin's edits survive a restart).
import type { Db } from '../store/db.js';

const DEMO = [
  {
    kind: 'reply',
    group_key: null,
    name: 'Thanks for waiting',
    body: 'Thanks for your patience, {{requester.firstName}}. ',
  },
  {
    kind: 'reply',
    group_key: 'service-desk',
    name: 'Greeting',
    body: 'Hi {{requester.firstName}},\n\nthanks for your request {{ticket.number}} (“{{ticket.title}}”). ',
  },
  {
    kind: 'macro',
    group_key: 'service-desk',
    process_key: 'it-support',
    name: 'Start and acknowledge',
    body: 'Hi {{requester.firstName}}, I am on it. — {{agent.name}}',
    reply_visibility: 'public',
    transition: 'start',
  },
  {
    kind: 'macro',
    group_key: 'service-desk',
    process_key: 'it-support',
    name: 'Resolve: fixed',
    body: 'Hi {{requester.firstName}}, this is fixed now. Let us know if it comes back. — {{agent.name}}',
    reply_visibility: 'public',
    fields: { resolution: 'Fixed; the requester was told.' },
    transition: 'resolve',
  },
  {
    kind: 'macro',
    group_key: 'service-desk',
    process_key: 'it-support',
    name: 'Escalate (urgent)',
    body: 'Escalated: {{ticket.title}} ({{fields.category}}).',
    reply_visibility: 'internal',
    priority: 'urgent',
  },
  {
    kind: 'reply',
    group_key: 'engineering',
    name: 'Drawing received',
    body: 'Hi {{requester.firstName}}, we have drawing {{fields.drawing}} and will review it shortly.',
  },
] as const;

export async function seedDemoMacros(db: Db): Promise<void> {
  for (const m of DEMO) {
    const fields = 'fields' in m ? m.fields : {};
    await db
      .insertInto('macros')
      .values({ ...m, fields: JSON.stringify(fields) })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
