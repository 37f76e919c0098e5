// Failures of the HTTP request itself, before any GraphQL runs, answered like every other error: a
// JSON body with `errors[0].extensions.code`, as docs/api.md promises. Yoga answered a content type it
// does not take with a bare 415 and an empty body, and a GET whose `variables` or `extensions` are not
// JSON with a masked internal error (its JSON.parse threw a SyntaxError).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../platform/errors.js';

/** The code of an error answer by its status, for answers that come without one. */
const codeOf: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

const messageOf: Record<number, string> = {
  404: 'nothing is served at this path: GraphQL is at /graphql',
  415: 'this content type is not taken: send application/json (or multipart/form-data for an upload)',
};

/** The parameters of a GET that yoga reads as JSON. */
const JSON_PARAMS = ['variables', 'extensions'] as const;

export const typedHttpErrors: Plugin = {
  // Runs after yoga's own request parsers have picked one: the parser picked is wrapped.
  onRequestParse({ requestParser, setRequestParser, url }) {
    if (!requestParser) return;
    setRequestParser(async (request) => {
      try {
        return await requestParser(request);
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        const bad = JSON_PARAMS.find((name) => !isJson(url.searchParams.get(name)));
        throw new GraphQLError(bad ? `the "${bad}" parameter is not JSON` : 'the request is not valid JSON', {
          extensions: {
            code: 'BAD_USER_INPUT',
            ...(bad && { fields: [bad], problems: [{ path: bad, message: 'is not JSON' }] }),
            http: { status: 400 },
          },
        });
      }
    });
  },
  onResponse({ response, setResponse, fetchAPI }) {
    if (response.status < 400 || response.body !== null) return;
    const status = response.status;
    // An empty 500 would be a bug of ours: it says so, as the masking does.
    const code = codeOf[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT');
    const message = messageOf[status] ?? (response.statusText || `HTTP ${status}`);
    const headers = new fetchAPI.Headers(response.headers);
    headers.set('content-type', 'application/json; charset=utf-8');
    setResponse(
      new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), { status, headers }),
    );
  },
};

function isJson(text: string | null): boolean {
  if (text === null) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
