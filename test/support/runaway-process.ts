// A process whose states hand the ticket to each other as soon as it enters them: the validator
// refuses it, so it is written straight into process_versions, as a definition published before that
// rule existed would be.
import type { Db } from '../../platform/store/db.js';
import type { ProcessDefinition } from '../../workflows/process/definition.js';

export const runawayProcess: ProcessDefinition = {
  format: 1,
  key: 'runaway',
  name: 'Runaway',
  ticketPrefix: 'RUN',
  group: 'service-desk',
  initialState: 'new',
  fields: [],
  states: [
    { key: 'new', label: 'New', category: 'new' },
    { key: 'a', label: 'A', category: 'active', onEnter: [{ kind: 'transition', transition: 'to_b' }] },
    { key: 'b', label: 'B', category: 'active', onEnter: [{ kind: 'transition', transition: 'to_a' }] },
    { key: 'done', label: 'Done', category: 'done' },
  ],
  transitions: [
    { key: 'start', label: 'Start', from: ['new'], to: 'a', by: ['AGENT'] },
    { key: 'to_b', label: 'To B', from: ['a'], to: 'b', by: ['system'] },
    { key: 'to_a', label: 'To A', from: ['b'], to: 'a', by: ['system'] },
    { key: 'finish', label: 'Finish', from: ['a', 'b'], to: 'done', by: ['AGENT'] },
  ],
};

/** Publishes the runaway process as version 1, past the validator. */
export async function publishUnchecked(db: Db, definition: ProcessDefinition = runawayProcess): Promise<void> {
  await db
    .insertInto('process_versions')
    .values({ key: definition.key, version: 1, definition: JSON.stringify(definition), published_by: 'test' })
    .execute();
}
