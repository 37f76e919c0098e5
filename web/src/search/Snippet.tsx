// A search hit's snippet: the server sends it as parts, the matched words flagged (never HTML), and
// they show here as text with <mark> around the matches.
import type { SearchHit } from './operations';

export function Snippet({ parts }: { parts: SearchHit['snippet'] }) {
  if (parts.length === 0) return null;
  return (
    <span className="search-snippet">
      {parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}
