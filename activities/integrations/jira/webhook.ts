// Jira's webhook (POST /webhooks/jira): an admin webhook with a secret, signed by Jira itself
// (X-Hub-Signature: sha256=<hex>, as WebSub does). jira:issue_updated becomes jira.issue_resolved when
// the issue's status moved into the done category, else jira.issue_updated (sent only to processes that
// declare it). The delivery's id is the X-Atlassian-Webhook-Identifier header, the same on every retry.
import {
  asObject,
  optionalText,
  requiredText,
  type DeliveryHeaders,
  type VendorWebhook,
  type WebhookEvent,
} from '../webhooks.js';

export const jiraWebhook: VendorWebhook = {
  secretVariable: 'JIRA_WEBHOOK_SECRET',
  signature: { header: 'x-hub-signature', prefix: 'sha256=', algorithm: 'sha256' },
  deliveryIdHeader: 'x-atlassian-webhook-identifier',
  event: jiraEvent,
};

/** Jira Cloud: `{ webhookEvent, issue: { id, key, fields: { status, resolution } }, changelog }`. */
function jiraEvent(json: Record<string, unknown>, headers: DeliveryHeaders): WebhookEvent {
  const eventId = requiredText(headers['x-atlassian-webhook-identifier'], 'the X-Atlassian-Webhook-Identifier header');
  const eventType = requiredText(json.webhookEvent, 'webhookEvent');
  const issue = asObject(json.issue);
  const id = requiredText(issue.id, 'issue.id');
  const key = requiredText(issue.key, 'issue.key');
  const event: WebhookEvent = { eventId, eventType, objectIds: [id, key] };
  if (eventType !== 'jira:issue_updated') return event;
  const fields = asObject(issue.fields);
  const status = asObject(fields.status);
  const category = optionalText(asObject(status.statusCategory).key);
  const changelog = asObject(json.changelog);
  const items = Array.isArray(changelog.items) ? (changelog.items as unknown[]) : [];
  // An update of a done issue that left its status alone (a comment, a label) resolves nothing again;
  // without a changelog (a webhook set up without one) a done issue counts as resolved.
  const statusChanged =
    json.changelog === undefined ||
    items.some((item) => ['status', 'resolution'].includes(String(asObject(item).field)));
  const resolution = optionalText(asObject(fields.resolution).name);
  if (category === 'done' && statusChanged)
    return {
      ...event,
      signal: { name: 'jira.issue_resolved', payload: { issue_key: key, ...(resolution && { resolution }) } },
    };
  const statusName = optionalText(status.name);
  return {
    ...event,
    signal: { name: 'jira.issue_updated', payload: { issue_key: key, ...(statusName && { status: statusName }) } },
  };
}
