// A GraphQL subscription read the way any HTTP client reads it: POST /graphql with
// `Accept: text/event-stream`, and a small parser of the server-sent events that come back.
import type { GraphQLResponse } from './api.js';

export type StreamMessage =
  | { kind: 'next'; result: Omit<GraphQLResponse, 'status' | 'headers'> }
  | { kind: 'complete' }
  | { kind: 'closed' }
  | { kind: 'timeout' };

export interface Subscription {
  status: number;
  /** The next message, or { kind: 'timeout' } after `timeoutMs`. */
  next(timeoutMs?: number): Promise<StreamMessage>;
  close(): void;
}

export async function subscribe(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<Subscription> {
  const abort = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const messages: StreamMessage[] = [];
  let reading: Promise<boolean> | null = null;

  /** Reads one chunk into the buffer; false when the stream has ended. */
  const readChunk = () =>
    (reading ??= reader.read().then(
      ({ value, done }) => {
        reading = null;
        if (value) buffer += value;
        return !done;
      },
      () => {
        reading = null;
        return false;
      },
    ));

  const parseBuffered = () => {
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (event === 'next') messages.push({ kind: 'next', result: JSON.parse(data) });
      else if (event === 'complete') messages.push({ kind: 'complete' });
      // Anything else is a keep-alive comment.
    }
  };

  return {
    status: response.status,
    async next(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        parseBuffered();
        const message = messages.shift();
        if (message) return message;
        const left = deadline - Date.now();
        if (left <= 0) return { kind: 'timeout' };
        let timer: NodeJS.Timeout | undefined;
        const more = await Promise.race([
          readChunk(),
          new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left))),
        ]);
        clearTimeout(timer);
        if (more === false) {
          parseBuffered();
          return messages.shift() ?? { kind: 'closed' };
        }
      }
    },
    close() {
      abort.abort();
    },
  };
}
