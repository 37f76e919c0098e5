// APS's webhook (POST /webhooks/aps): Autodesk Platform Services hooks with a secret token, signed by
// APS itself (x-adsk-signature: sha1hash=<hex>). dm.version.added becomes cad.revision_uploaded with the
// revision and a link to the version. A version's urn is unique, so it identifies the event however
// often it is delivered.
import {
  MalformedDelivery,
  asObject,
  optionalText,
  requiredText,
  type VendorWebhook,
  type WebhookEvent,
} from '../webhooks.js';

export const apsWebhook: VendorWebhook = {
  secretVariable: 'APS_WEBHOOK_SECRET',
  signature: { header: 'x-adsk-signature', prefix: 'sha1hash=', algorithm: 'sha1' },
  deliveryIdHeader: 'x-adsk-delivery-id',
  event: apsEvent,
};

/** `{ resourceUrn, hook: { event, hookAttribute }, payload: { lineageUrn, source, version, project } }`. */
function apsEvent(json: Record<string, unknown>): WebhookEvent {
  const hook = asObject(json.hook);
  const payload = asObject(json.payload);
  const eventType = requiredText(hook.event, 'hook.event');
  const versionUrn = requiredText(payload.source ?? json.resourceUrn, 'payload.source');
  const lineage = requiredText(payload.lineageUrn, 'payload.lineageUrn');
  const event: WebhookEvent = { eventId: `${eventType}:${versionUrn}`, eventType, objectIds: [lineage] };
  if (eventType !== 'dm.version.added') return event;
  const revision = optionalText(String(payload.version ?? '')) ?? /[?&]version=(\d+)/.exec(versionUrn)?.[1];
  if (!revision) throw new MalformedDelivery('payload.version is missing');
  const project = optionalText(payload.project) ?? optionalText(asObject(hook.hookAttribute).projectId);
  const url = project
    ? `https://developer.api.autodesk.com/data/v1/projects/${encodeURIComponent(project)}/versions/${encodeURIComponent(versionUrn)}`
    : undefined;
  return { ...event, signal: { name: 'cad.revision_uploaded', payload: { revision, ...(url && { url }) } } };
}
