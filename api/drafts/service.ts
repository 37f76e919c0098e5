// The draft service: what a person typed on a ticket and has not sent (a reply, an internal note, a
// transition's fields), kept per (person, ticket, slot) so that it follows them to another device and
// outlives a reload, a lost race, an API restart or a new sign-in. Only people have drafts, and only of
// tickets they may see (NOT_FOUND otherwise, as every ticket operation answers); a draft is theirs
// alone. A value saved empty removes the draft; a sent comment or a made move removes its own.
import { AppError } from '../../platform/errors.js';
import type { User } from '../../platform/people/users.js';
import type { Db } from '../../platform/store/db.js';
import { findVisibleTicket } from '../../platform/tickets/queries.js';
import { invalidInput } from '../../platform/validate.js';
import { asPerson } from '../graphql/viewer.js';
import { pruneDoneDrafts, readDrafts, removeDrafts, writeDraft, type DraftRow } from './store.js';

/** The largest draft kept, as UTF-8 JSON. */
export const MAX_DRAFT_BYTES = 64 * 1024;

/** A slot names what the draft is of: `reply`, `note`, `move:<transition key>`, `fields`, … */
const SLOT = /^[a-z][a-z0-9_-]*(:[a-z][a-z0-9_-]*)?$/;
const MAX_SLOT_LENGTH = 100;

export interface Draft extends DraftRow {
  number: string;
}

/** The slot a comment of this visibility is drafted in. */
export const commentSlot = (visibility: 'public' | 'internal') => (visibility === 'internal' ? 'note' : 'reply');
/** The slot a transition's fields are drafted in. */
export const moveSlot = (transition: string) => `move:${transition}`;

function checkSlot(slot: string): void {
  if (slot.length <= MAX_SLOT_LENGTH && SLOT.test(slot)) return;
  const refusal = invalidInput(
    [{ path: 'slot', message: 'must be a short name such as reply, note or move:<transition>' }],
    'Not a draft slot',
  );
  throw new AppError('BAD_USER_INPUT', refusal.message, { ...refusal.details, reason: 'INVALID_DRAFT_SLOT' });
}

/** Nothing typed: null, blank text, and lists or objects of nothing typed. */
export function isEmptyDraft(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmptyDraft);
  if (typeof value === 'object') return Object.values(value).every(isEmptyDraft);
  return false;
}

function tooLarge(bytes: number): AppError {
  const refusal = invalidInput(
    [
      {
        path: 'value',
        message: `is ${Math.ceil(bytes / 1024)} KB; a draft holds at most ${MAX_DRAFT_BYTES / 1024} KB`,
      },
    ],
    'The draft is too long',
  );
  return new AppError('BAD_USER_INPUT', refusal.message, { ...refusal.details, reason: 'DRAFT_TOO_LARGE' });
}

export function createDraftService(db: Db) {
  const ticketOf = (person: User, number: string) => findVisibleTicket(db, asPerson(person), number);

  return {
    /** The person's drafts of a ticket they may see, by slot. */
    async list(person: User, number: string): Promise<Draft[]> {
      const ticket = await ticketOf(person, number);
      return (await readDrafts(db, person.id, ticket.id)).map((row) => ({ ...row, number: ticket.number }));
    },

    /**
     * Keeps what the person typed in the slot, replacing what was there; an empty value removes it and
     * answers null. Every check comes first: a refused save changes nothing.
     */
    async save(person: User, number: string, slot: string, value: unknown): Promise<Draft | null> {
      checkSlot(slot);
      const empty = isEmptyDraft(value);
      const json = empty ? '' : JSON.stringify(value);
      const bytes = Buffer.byteLength(json);
      if (bytes > MAX_DRAFT_BYTES) throw tooLarge(bytes);
      const ticket = await ticketOf(person, number);
      if (empty) {
        await removeDrafts(db, person.id, ticket.id, [slot]);
        return null;
      }
      const saved = await writeDraft(db, person.id, ticket.id, slot, json);
      await pruneDoneDrafts(db, person.id);
      return { ...saved, number: ticket.number };
    },

    /**
     * After a change was made (a comment sent, a move made): the person's drafts of it are spent. The
     * change itself checked who may see the ticket; a failure here must not turn it into an error.
     */
    async spent(person: User, ticketId: string, slots: string[]): Promise<void> {
      await removeDrafts(db, person.id, ticketId, slots).catch(() => 0);
    },
  };
}

export type DraftService = ReturnType<typeof createDraftService>;
