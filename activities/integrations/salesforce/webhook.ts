// Salesforce's webhook (POST /webhooks/salesforce): a Flow or Apex callout on Case changes (see README).
// Salesforce signs nothing it sends, so the callout signs the way Jira does, with a header of our own
// (X-Ticketflow-Signature: sha256=<hex>). A Case change becomes salesforce.case_accepted or
// case_rejected by its status, else salesforce.case_updated with its comment (a timeline comment).
import { optionalText, requiredText, type VendorWebhook, type WebhookEvent } from '../webhooks.js';

export const salesforceWebhook: VendorWebhook = {
  secretVariable: 'SALESFORCE_WEBHOOK_SECRET',
  signature: { header: 'x-ticketflow-signature', prefix: 'sha256=', algorithm: 'sha256' },
  event: salesforceEvent,
};

/** `{ eventId, caseId, status, comment?, author? }`; eventId is the change's own id (a CaseHistory or
 * platform event id). */
function salesforceEvent(json: Record<string, unknown>): WebhookEvent {
  const eventId = requiredText(json.eventId, 'eventId');
  const caseId = requiredText(json.caseId, 'caseId');
  const status = optionalText(json.status);
  const comment = optionalText(json.comment);
  const author = optionalText(json.author);
  const event: WebhookEvent = {
    eventId,
    eventType: `case_updated${status ? `:${status}` : ''}`,
    objectIds: [caseId],
  };
  const verdict = status?.toLowerCase();
  if (verdict === 'accepted')
    return { ...event, signal: { name: 'salesforce.case_accepted', payload: { case_id: caseId } } };
  if (verdict === 'rejected')
    return {
      ...event,
      signal: { name: 'salesforce.case_rejected', payload: { case_id: caseId, ...(comment && { comment }) } },
    };
  if (!comment) return event;
  return { ...event, signal: { name: 'salesforce.case_updated', payload: { comment, ...(author && { author }) } } };
}
