// Text put in at the caret (replacing a selection), with where the caret goes after it: how the
// placeholder picker and the composer's "Insert reply" write into what someone is typing.

export function insertAt(text: string, inserted: string, start: number, end = start): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + inserted + text.slice(to), caret: from + inserted.length };
}
