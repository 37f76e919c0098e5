// What a vendor's delivery says, in the words of the ticket's process: the vendor object it is about
// and the signal it means. One parser per vendor, each reading only the few fields it needs from the
// vendor's payload (the rest of it varies by site and version and is none of our business):
//   Jira      jira:issue_updated → jira.issue_resolved when the issue's status moved into the done
//             category, else jira.issue_updated (sent only to processes that declare it)
//   Salesforce a Case change → salesforce.case_accepted / case_rejected by its status, else
//             salesforce.case_updated with its comment (a timeline comment)
//   APS       dm.version.added → cad.revision_uploaded with the revision and a link
// The vendor's own event id becomes the signal's idempotency key: a redelivery has no second effect.
import type { IntegrationSystem } from '../../workflows/process/vocabulary.js';
import { unstorableText } from '../../platform/text.js';
import type { WebhookVendor } from './signatures.js';

export interface VendorEvent {
  vendor: WebhookVendor;
  /** The integration system whose objects tickets are linked to. */
  system: IntegrationSystem;
  eventId: string;
  eventType: string;
  /** The ids the vendor object goes by (a Jira issue's id and key). */
  objectIds: string[];
  /** The signal for the ticket, or none when the event means nothing to a ticket. */
  signal?: { name: string; payload: Record<string, unknown> };
}

/** A delivery whose body is not what the vendor sends: answered 400. */
export class MalformedDelivery extends Error {}

type Headers = Record<string, string | string[] | undefined>;

export function parseDelivery(vendor: WebhookVendor, body: Buffer, headers: Headers): VendorEvent {
  const json = parseJson(body);
  if (vendor === 'jira') return jiraEvent(json, headers);
  if (vendor === 'salesforce') return salesforceEvent(json);
  return apsEvent(json);
}

function parseJson(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedDelivery('the body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MalformedDelivery('the body is not a JSON object');
  // The text rule of every other way in (platform/text.ts): what Postgres cannot store, or nests too
  // deep to walk, would fail the lookups and records below as a 500.
  const [problem] = unstorableText(value);
  if (problem) throw new MalformedDelivery(`${problem.path}: ${problem.message}`);
  return value as Record<string, unknown>;
}

const object = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function text(value: unknown, what: string): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') throw new MalformedDelivery(`${what} is missing`);
  return value.trim();
}

const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Jira Cloud: `{ webhookEvent, issue: { id, key, fields: { status, resolution } }, changelog }`; the
 * delivery's id is the X-Atlassian-Webhook-Identifier header, the same on every retry. */
function jiraEvent(json: Record<string, unknown>, headers: Headers): VendorEvent {
  const eventId = text(headers['x-atlassian-webhook-identifier'], 'the X-Atlassian-Webhook-Identifier header');
  const eventType = text(json.webhookEvent, 'webhookEvent');
  const issue = object(json.issue);
  const id = text(issue.id, 'issue.id');
  const key = text(issue.key, 'issue.key');
  const event: VendorEvent = { vendor: 'jira', system: 'jira', eventId, eventType, objectIds: [id, key] };
  if (eventType !== 'jira:issue_updated') return event;
  const fields = object(issue.fields);
  const status = object(fields.status);
  const category = optionalText(object(status.statusCategory).key);
  const items = Array.isArray(object(json.changelog).items) ? (object(json.changelog).items as unknown[]) : [];
  // An update of a done issue that left its status alone (a comment, a label) resolves nothing again;
  // without a changelog (a webhook set up without one) a done issue counts as resolved.
  const statusChanged =
    json.changelog === undefined || items.some((item) => ['status', 'resolution'].includes(String(object(item).field)));
  const resolution = optionalText(object(fields.resolution).name);
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

/** Salesforce (a Flow or Apex callout on Case changes, see docs/integrations.md): `{ eventId, caseId, status,
 * comment?, author? }`; eventId is the change's own id (a CaseHistory or platform event id). */
function salesforceEvent(json: Record<string, unknown>): VendorEvent {
  const eventId = text(json.eventId, 'eventId');
  const caseId = text(json.caseId, 'caseId');
  const status = optionalText(json.status);
  const comment = optionalText(json.comment);
  const author = optionalText(json.author);
  const event: VendorEvent = {
    vendor: 'salesforce',
    system: 'salesforce',
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

/** APS webhooks: `{ resourceUrn, hook: { event, hookAttribute }, payload: { lineageUrn, source, version,
 * project } }`. A version's urn is unique, so it identifies the event however often it is delivered. */
function apsEvent(json: Record<string, unknown>): VendorEvent {
  const hook = object(json.hook);
  const payload = object(json.payload);
  const eventType = text(hook.event, 'hook.event');
  const versionUrn = text(payload.source ?? json.resourceUrn, 'payload.source');
  const lineage = text(payload.lineageUrn, 'payload.lineageUrn');
  const event: VendorEvent = {
    vendor: 'aps',
    system: 'cad',
    eventId: `${eventType}:${versionUrn}`,
    eventType,
    objectIds: [lineage],
  };
  if (eventType !== 'dm.version.added') return event;
  const revision = optionalText(String(payload.version ?? '')) ?? /[?&]version=(\d+)/.exec(versionUrn)?.[1];
  if (!revision) throw new MalformedDelivery('payload.version is missing');
  const project = optionalText(payload.project) ?? optionalText(object(hook.hookAttribute).projectId);
  const url = project
    ? `https://developer.api.autodesk.com/data/v1/projects/${encodeURIComponent(project)}/versions/${encodeURIComponent(versionUrn)}`
    : undefined;
  return { ...event, signal: { name: 'cad.revision_uploaded', payload: { revision, ...(url && { url }) } } };
}
