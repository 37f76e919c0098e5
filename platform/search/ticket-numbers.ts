// A search that is a ticket number jumps to the ticket. People type numbers loosely — "IT-000123",
// "it-123", "IT123" — so the query is read as every number it could be: a prefix (1-10 letters or
// digits, starting with a letter: workflows/process/definition.ts) and digits, padded to six.

const MAX_PREFIX = 10;

/** The ticket numbers the query could name, in stored form (IT-000123); none when it is no number. */
export function ticketNumberCandidates(query: string): string[] {
  const typed = query.trim().toUpperCase();
  const dashed = /^([A-Z][A-Z0-9]{0,9})\s*[-#]?\s*(\d{1,12})$/.exec(typed);
  if (!dashed) return [];
  const joined = typed.replace(/[\s\-#]/g, '');
  const candidates = new Set<string>();
  // Every split of "IT2123" into a prefix and digits: prefixes may end in digits themselves.
  for (let cut = 1; cut < joined.length && cut <= MAX_PREFIX; cut++) {
    const prefix = joined.slice(0, cut);
    const digits = joined.slice(cut);
    if (!/^[A-Z][A-Z0-9]*$/.test(prefix) || !/^\d+$/.test(digits)) continue;
    // A dash (or #) the person typed fixes where the prefix ends.
    if (typed.length !== joined.length && prefix !== dashed[1]) continue;
    candidates.add(`${prefix}-${String(Number(digits)).padStart(6, '0')}`);
  }
  return [...candidates];
}
