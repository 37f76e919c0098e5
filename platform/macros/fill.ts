// Filling a reply's placeholders for one ticket: the one function behind both an agent's "Insert reply"
// (fillReply) and a macro's reply (applyMacro), so the text inserted is the text sent. A field hidden
// from the requester never fills a public reply: the values are those the reply's readers may see
// (platform/tickets/field-audience.ts), long texts as their text.
import type { Db } from '../store/db.js';
import { getUser } from '../people/users.js';
import { readFieldValues, readRequester } from '../tickets/details.js';
import { audienceOn } from '../tickets/field-audience.js';
import * as store from '../tickets/store.js';
import { visibleValues } from '../../workflows/process/field-access.js';
import type { Person } from '../../workflows/ticket/model.js';
import { fieldOf, fill, placeholdersIn } from './placeholders.js';

export interface FillTicket {
  id: string;
  number: string;
  title: string;
  group_key: string;
  process_key: string;
  process_version: number;
  requester_id: string;
  fields: Record<string, unknown>;
}

/** `body` with its placeholders filled for the ticket, as `agent` writes it to `visibility`'s readers. */
export async function fillFor(
  db: Db,
  ticket: FillTicket,
  body: string,
  agent: Person,
  visibility: 'public' | 'internal',
): Promise<string> {
  const names = placeholdersIn(body);
  if (names.length === 0) return body;
  const values: Record<string, string> = { 'ticket.number': ticket.number, 'ticket.title': ticket.title };
  if (names.some((n) => n.startsWith('requester.'))) {
    const { name } = await readRequester(db, ticket);
    values['requester.name'] = name;
    values['requester.firstName'] = name.trim().split(/\s+/)[0] ?? name;
  }
  if (names.includes('agent.name')) values['agent.name'] = (await getUser(db, agent.userId)).name;
  if (names.some((n) => fieldOf(n) !== undefined))
    Object.assign(values, await fieldValues(db, ticket, agent, visibility));
  return fill(body, values);
}

/** `fields.<key>` → the value as text, of the fields the reply's readers may see. */
async function fieldValues(db: Db, ticket: FillTicket, agent: Person, visibility: 'public' | 'internal') {
  const { definition } = await store.getProcessVersion(db, ticket.process_key, ticket.process_version);
  const audience = visibility === 'public' ? 'requester' : await audienceOn(db, agent, ticket.group_key);
  const visible = visibleValues(definition, audience, ticket.fields);
  const texts = await readFieldValues(db, { id: ticket.id, fields: visible });
  return Object.fromEntries(
    Object.entries(texts).map(([key, value]) => [`fields.${key}`, value === null ? '' : String(value)]),
  );
}
