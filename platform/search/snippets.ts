// Highlighting as data, never HTML: ts_headline marks matches with control characters no stored text
// keeps (they are stripped from the source first), and the marked text is split here into parts.

/** A piece of a snippet: `match` when it is a word the query found. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

const START = '\u0001';
const STOP = '\u0002';

/** ts_headline's options: up to two passages of a few words around the matches. */
export const snippetOptions = `StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;

/** The headline as parts, whitespace (line breaks among it) made single spaces. */
export function parseSnippet(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const text = headline.replace(/\s+/g, ' ').trim();
  for (const piece of text.split(START)) {
    const stop = piece.indexOf(STOP);
    if (stop < 0) push(parts, piece, false);
    else {
      push(parts, piece.slice(0, stop), true);
      push(parts, piece.slice(stop + 1), false);
    }
  }
  return parts;
}

function push(parts: SnippetPart[], text: string, match: boolean) {
  if (text === '') return;
  const last = parts[parts.length - 1];
  // Adjacent matched words ("printer jam") read as one mark.
  if (last && last.match === match) last.text += text;
  else parts.push({ text, match });
}
