// Multipart requests (file uploads, the GraphQL multipart request spec): bounded while they are read,
// so an oversized upload is dropped at the limit instead of being held in memory whole, and each broken
// limit answered as BAD_USER_INPUT naming what was wrong. Nothing has been stored by then.
import type { IncomingMessage } from 'node:http';
import { createFetch } from '@whatwg-node/fetch';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { sizeText } from '../../platform/tickets/attachments.js';

/** `operations` and `map` are small JSON texts; a request carries one file. */
const MAX_FIELD_BYTES = 1024 * 1024;
const MAX_FILES = 1;
/** How much of a refused body is still read (and dropped) beyond the parts a request may carry. */
const DRAIN_BYTES = 1024 * 1024;

/**
 * yoga's Fetch API with limits on multipart bodies: the parser (busboy) stops reading a file at
 * `maxFileBytes`, and a request at its second file or third field.
 */
export function uploadFetchAPI(maxFileBytes: number) {
  return createFetch({
    formDataLimits: { fileSize: maxFileBytes, files: MAX_FILES, fields: 2, fieldSize: MAX_FIELD_BYTES },
  });
}

/**
 * What becomes of the rest of a body refused part-way. A socket closed with bytes still unread is reset,
 * and a client still sending then fails (Node 24's fetch: EPIPE) without reading the answer already on
 * its way. So a body that announced a length within reach of the limits is read to its end and dropped,
 * and the connection stays open; a longer one, or one of unknown length, is not read any further: the
 * connection closes after the answer.
 */
function restOfBody(req: IncomingMessage | undefined, maxFileBytes: number): 'drained' | 'close' {
  const length = Number(req?.headers['content-length'] ?? NaN);
  const reach = maxFileBytes + 2 * MAX_FIELD_BYTES + DRAIN_BYTES;
  if (!req || !Number.isSafeInteger(length) || length > reach) return 'close';
  // The parser has let go of the stream; flowing with no listener, it is read and dropped.
  req.resume();
  return 'drained';
}

/** A broken limit as the caller sees it: the parser's own words are its internals. */
function limitError(error: unknown, maxFileBytes: number, rest: () => 'drained' | 'close'): GraphQLError | undefined {
  const message = error instanceof Error ? error.message : '';
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  const refuse = (text: string, path: string, problem: string, reason: string, status = 400) =>
    new GraphQLError(text, {
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [path],
        problems: [{ path, message: problem }],
        reason,
        http: { status, headers: rest() === 'close' ? { connection: 'close' } : {} },
      },
    });
  if (code === 'REQUEST_ENTITY_TOO_LARGE' || message.includes('File size limit exceeded')) {
    const problem = `the file is larger than ${sizeText(maxFileBytes)}`;
    return refuse(`file.size: ${problem}`, 'file.size', problem, 'FILE_TOO_LARGE', 413);
  }
  if (message.includes('Files limit exceeded')) {
    const problem = `a request carries at most ${MAX_FILES} file`;
    return refuse(`file: ${problem}`, 'file', problem, 'TOO_MANY_FILES');
  }
  if (message.includes('Fields limit exceeded') || message.includes('Field value size exceeded')) {
    const problem = 'a multipart request has the fields operations and map (each at most 1 MiB), then the file';
    return refuse(problem, 'operations', problem, 'BAD_MULTIPART');
  }
  return undefined;
}

/** Retypes what the multipart parser refuses; other requests pass untouched. */
export function uploadLimits(maxFileBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, serverContext, setRequestParser }) {
      const multipart = request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data');
      if (!multipart || !requestParser) return;
      setRequestParser(async (req) => {
        try {
          return await requestParser(req);
        } catch (error) {
          // express hands yoga the Node request as req.
          const nodeRequest = (serverContext as { req?: IncomingMessage }).req;
          throw limitError(error, maxFileBytes, () => restOfBody(nodeRequest, maxFileBytes)) ?? error;
        }
      });
    },
  };
}
