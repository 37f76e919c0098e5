// A new process, begun from scratch: a draft of the smallest definition that can be published (one
// form-less path new → in progress → done, worked by agents and coordinators), with the key and name
// the admin chose, to be edited from there. A key that a process or a draft has already is refused.
import { conflict } from '../errors.js';
import type { Db } from '../store/db.js';
import { unstorableText } from '../text.js';
import { FORMAT_VERSION } from '../../workflows/process/definition.js';
import { invalid, processExists } from './processes.js';

const KEY = /^[a-z][a-z0-9-]{0,62}$/;
const NAME_MAX = 200;

/** The template; its queue is the first group by key (the admin picks the right one in the editor). */
export function newProcessTemplate(key: string, name: string, group: string) {
  const staff = ['AGENT', 'COORDINATOR'];
  return {
    format: FORMAT_VERSION,
    key,
    name,
    ticketPrefix: key
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 3)
      .toUpperCase(),
    group,
    initialState: 'new',
    fields: [],
    states: [
      { key: 'new', label: 'New', category: 'new' },
      { key: 'in_progress', label: 'In progress', category: 'active' },
      { key: 'done', label: 'Done', category: 'done' },
    ],
    transitions: [
      { key: 'start', label: 'Start work', from: ['new'], to: 'in_progress', by: staff },
      { key: 'resolve', label: 'Resolve', from: ['in_progress'], to: 'done', by: staff },
    ],
  };
}

/** Saves the template as the draft of a new process; BAD_USER_INPUT for a bad key or name, CONFLICT for a taken key. */
export async function createProcessDraft(db: Db, key: string, name: string, actor: string): Promise<string> {
  if (!KEY.test(key))
    throw invalid([{ path: 'key', message: 'must be 1-63 lowercase letters, digits and -, starting with a letter' }]);
  const title = name.trim();
  if (title.length === 0 || title.length > NAME_MAX)
    throw invalid([{ path: 'name', message: `must be 1-${NAME_MAX} characters` }]);
  const taken = () => conflict(`A process with the key ${key} exists already.`, { reason: 'PROCESS_EXISTS' });
  if (await processExists(db, key)) throw taken();
  const group = await db.selectFrom('groups').select('key').orderBy('key').limit(1).executeTakeFirst();
  const definition = newProcessTemplate(key, title, group?.key ?? '');
  const badText = unstorableText(definition);
  if (badText.length > 0) throw invalid(badText);
  const inserted = await db
    .insertInto('process_drafts')
    .values({ key, definition: JSON.stringify(definition), updated_by: actor })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) throw taken();
  return key;
}
