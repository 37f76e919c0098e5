// The web app's own operations as the text it sends (web/src/board/operations.ts for the board,
// web/src/ticket/operations.ts for the ticket page, web/src/queue/operations.ts for the queue), for the web section's baselines: the data the page waits on, asked for by fetch from Node in the same words.
// Loaded at run time: the root typecheck cannot follow the web app's extensionless imports (web/ has
// a typecheck of its own).
import { print, type DocumentNode } from 'graphql';

const QUERIES = '../../web/src/board/operations.js';
const TICKET_QUERIES = '../../web/src/ticket/operations.js';
const QUEUE_QUERIES = '../../web/src/queue/operations.js';
const operations = (await import(QUERIES)) as Record<'BoardQuery' | 'ColumnPageQuery' | 'MoveCard', DocumentNode>;
const ticketOperations = (await import(TICKET_QUERIES)) as Record<'TicketQuery', DocumentNode>;
const queueOperations = (await import(QUEUE_QUERIES)) as Record<'QueuePageQuery', DocumentNode>;

export const BOARD = print(operations.BoardQuery);
export const COLUMN_PAGE = print(operations.ColumnPageQuery);
export const MOVE = print(operations.MoveCard);
export const TICKET = print(ticketOperations.TicketQuery);
export const QUEUE_PAGE = print(queueOperations.QueuePageQuery);
