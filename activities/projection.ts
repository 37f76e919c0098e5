// The projection activity: writes a ticket's workflow into the read model (platform/tickets/projection.ts,
// idempotent, keyed by the ticket's event seqs). Data Postgres refuses fails the activity for good, so
// the workflow records it (recordProjectionFailure) instead of retrying what no retry can fix; an
// outage is thrown as it is, and retries ride it out.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../platform/store/db.js';
import { isDataError, projectTicket, type ProjectionRequest } from '../platform/tickets/projection.js';
import { PROJECTION_DATA_ERROR } from '../workflows/ticket/model.js';

export async function projectTicketActivity(db: Db, request: ProjectionRequest): Promise<void> {
  try {
    await projectTicket(db, request);
  } catch (error) {
    if (!isDataError(error)) throw error;
    // Short on purpose: a failure's message lands in the workflow's history.
    throw ApplicationFailure.nonRetryable(error.message.slice(0, 300), PROJECTION_DATA_ERROR, { code: error.code });
  }
}
