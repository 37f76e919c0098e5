// @mentions in an internal note, for the composer's autocomplete: which `@prefix` the caret is in, the
// staff it may mean (from the `groups` query's members), and the text with the chosen one written in.
// A mention is written as `@` and the local part of the person's email ("@sam.agent"), or the whole
// email where two of the staff share a local part; the server (platform/tickets/mentions.ts) reads
// both forms. An `@` inside a word (an email address typed out) starts no mention.
import { graphql, type ResultOf } from '../graphql';

/** The staff who may be mentioned: every group's members (staff only may read it). */
export const MentionableStaff = graphql(`
  query MentionableStaff {
    groups {
      key
      name
      members {
        id
        name
        email
        status
      }
    }
  }
`);

type Member = ResultOf<typeof MentionableStaff>['groups'][number]['members'][number];

export interface MentionQuery {
  /** Where the `@` is. */
  start: number;
  /** The caret: the mention runs from start to here. */
  end: number;
  /** What is typed after the `@`, as typed. */
  prefix: string;
}

export interface MentionCandidate {
  id: string;
  name: string;
  email: string;
  /** What is written after the `@`. */
  handle: string;
}

/** What a handle may hold: an email's characters. */
const HANDLE_CHAR = /[A-Za-z0-9._%+\-@]/;

/** The `@prefix` the caret is at the end of (or inside), or null when it is in no mention. */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  if (caret < 0 || caret > text.length) return null;
  let start = caret;
  while (start > 0 && HANDLE_CHAR.test(text[start - 1]!)) start -= 1;
  // The mention's own `@` is the first of the run; one after a word character is an address, not a mention.
  if (start === caret || text[start] !== '@') return null;
  if (start > 0 && /[\p{L}\p{N}_]/u.test(text[start - 1]!)) return null;
  const prefix = text.slice(start + 1, caret);
  if (prefix.includes('@') && !/^[^@]+@[^@]*$/.test(prefix)) return null;
  return { start, end: caret, prefix };
}

const localPart = (email: string) => email.slice(0, email.indexOf('@')).toLowerCase();

/**
 * The staff a prefix may mean, best first (the handle starts with it, then a word of the name does),
 * each once, at most `limit`; only people who are active or away (others get no notice).
 */
export function mentionCandidates(
  groups: readonly { members: readonly Member[] }[],
  prefix: string,
  limit = 8,
): MentionCandidate[] {
  const people = new Map<string, Member>();
  for (const group of groups)
    for (const member of group.members)
      if (member.status === 'active' || member.status === 'away') people.set(member.id, member);
  const locals = new Map<string, number>();
  for (const p of people.values()) locals.set(localPart(p.email), (locals.get(localPart(p.email)) ?? 0) + 1);
  const wanted = prefix.toLowerCase();
  const scored: { candidate: MentionCandidate; rank: number }[] = [];
  for (const p of people.values()) {
    const local = localPart(p.email);
    const handle = locals.get(local)! > 1 ? p.email.toLowerCase() : local;
    const rank = p.email.toLowerCase().startsWith(wanted)
      ? 0
      : p.name
            .toLowerCase()
            .split(/\s+/)
            .some((word) => word.startsWith(wanted))
        ? 1
        : -1;
    if (rank >= 0) scored.push({ candidate: { id: p.id, name: p.name, email: p.email, handle }, rank });
  }
  scored.sort((a, b) => a.rank - b.rank || a.candidate.name.localeCompare(b.candidate.name));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** The text with the mention replaced by the candidate's handle (and a space, unless one follows), and
 * where the caret goes: after that space. */
export function insertMention(
  text: string,
  mention: MentionQuery,
  candidate: MentionCandidate,
): { text: string; caret: number } {
  const after = text.slice(mention.end).replace(/^[A-Za-z0-9._%+\-@]*/, '');
  const written = `@${candidate.handle}${/^\s/.test(after) ? '' : ' '}`;
  return {
    text: text.slice(0, mention.start) + written + after,
    caret: mention.start + `@${candidate.handle} `.length,
  };
}
