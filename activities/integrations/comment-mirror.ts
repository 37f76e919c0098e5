// Mirrors a ticket's public comment onto the vendor object the ticket is linked to (its Jira issue).
// The comment's text is read here, from Postgres, so it never enters the workflow's history. Idempotent:
// the Ticketflow comment's id travels as the call's effect id, and the adapter finds a comment it
// already mirrored by it (jira/adapter.ts), so a retry after a crash or a lost answer makes one comment.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../platform/store/db.js';
import { INTEGRATION_REFUSED } from '../../workflows/ticket/model.js';
import type { Integrations } from './registry.js';
import type { IntegrationResult } from './types.js';

export interface CommentMirrorRequest {
  system: 'jira';
  ticketId: string;
  number: string;
  commentId: string;
  /** The issue the ticket's Jira call created. */
  issueKey: string;
}

export async function mirrorComment(
  db: Db,
  integrations: Integrations,
  request: CommentMirrorRequest,
): Promise<IntegrationResult> {
  const comment = await db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select(['comments.body', 'comments.visibility', 'users.name as author'])
    .where('comments.id', '=', request.commentId)
    .where('comments.ticket_id', '=', request.ticketId)
    .executeTakeFirst();
  // Internal notes stay inside: the workflow never asks for them, and this says no if it did.
  if (!comment || comment.visibility !== 'public')
    throw ApplicationFailure.nonRetryable(
      `no public comment ${request.commentId} on ${request.number}`,
      INTEGRATION_REFUSED,
    );
  return integrations.invoke(request.system, {
    operation: 'add_comment',
    ticketNumber: request.number,
    effectId: request.commentId,
    values: { issue_key: request.issueKey, body: comment.body, author: comment.author ?? 'Someone' },
  });
}
