// The CAD adapter: Autodesk Platform Services (APS) Data Management API. read_drawing reads a drawing
// (a Data Management item) and its latest version: name, version number (the revision) and the link
// that opens it in the web viewer. A read, so idempotent by nature: a retry reads again.
//
// The drawing input is `<item id>` in APS_PROJECT_ID, or `<project id>/<item id>` (item ids are URNs
// such as urn:adsk.wipprod:dm.lineage:…, which hold no slash; project ids are b.… or a.…).
//
// Plain fetch, not the official SDK (@aps_sdk/*): the adapter makes three requests (a 2-legged token,
// the item, at most its tip version), and the SDK would add axios and a retry layer of its own under
// Temporal's, without a per-request deadline; here each request has one (AbortSignal.timeout).
import type { IntegrationSuccess } from '../../../workflows/ticket/model.js';
import { VendorRefusal, type Adapter, type AdapterCall } from '../types.js';
import type { ApsSettings } from './settings.js';

/** Statuses a retry cannot change: bad input, bad credentials, no access, nothing there. */
const REFUSALS = new Set([400, 401, 403, 404, 405, 409, 410, 413, 415, 422]);
const ITEM_ID = /^urn:adsk\.[\w.-]+:dm\.lineage:[\w-]+$/;
const PROJECT_ID = /^[ab]\.[\w-]+$/;
/** A token is renewed this long before APS says it expires. */
const TOKEN_MARGIN_MS = 60_000;

/** An answer of 400 or more from APS, with its status and APS's words. */
class ApsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApsError';
  }
}

interface JsonApiResource {
  type: string;
  id: string;
  attributes?: { displayName?: string; name?: string; versionNumber?: number };
  links?: { webView?: { href?: string } };
  relationships?: { tip?: { data?: { type: string; id: string } } };
}

export function cadAdapter(settings: ApsSettings, timeoutMs: number): Adapter {
  let token: { value: string; expiresAt: number } | undefined;

  async function request(path: string, init: RequestInit): Promise<unknown> {
    const response = await fetch(`${settings.baseUrl}${path}`, {
      ...init,
      headers: { accept: 'application/vnd.api+json, application/json', ...init.headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status >= 400)
      throw new ApsError(response.status, `APS answered ${response.status}: ${apsMessage(text)}`);
    return JSON.parse(text) as unknown;
  }

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now()) return token.value;
    const basic = Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64');
    const answer = (await request('/authentication/v2/token', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'data:read' }).toString(),
    })) as { access_token: string; expires_in: number };
    token = { value: answer.access_token, expiresAt: Date.now() + answer.expires_in * 1000 - TOKEN_MARGIN_MS };
    return token.value;
  }

  /** A GET with a token; a 401 (the token expired or was revoked) gets one new token and one more try. */
  async function get(path: string): Promise<unknown> {
    const held = await accessToken();
    try {
      return await request(path, { headers: { authorization: `Bearer ${held}` } });
    } catch (error) {
      if (!(error instanceof ApsError && error.status === 401)) throw error;
      if (token?.value === held) token = undefined;
      return request(path, { headers: { authorization: `Bearer ${await accessToken()}` } });
    }
  }

  async function readDrawing(call: AdapterCall): Promise<IntegrationSuccess> {
    const { project, item } = drawingOf(call.values.item ?? '', settings.projectId);
    const itemPath = `/data/v1/projects/${encodeURIComponent(project)}/items/${encodeURIComponent(item)}`;
    const answer = (await get(itemPath)) as { data: JsonApiResource; included?: JsonApiResource[] };
    const tipId = answer.data.relationships?.tip?.data?.id;
    const tip =
      answer.included?.find((resource) => resource.type === 'versions' && resource.id === tipId) ??
      ((await get(`${itemPath}/tip`)) as { data: JsonApiResource }).data;
    const name = answer.data.attributes?.displayName ?? tip.attributes?.displayName ?? item;
    const revision = String(tip.attributes?.versionNumber ?? '');
    const link = tip.links?.webView?.href ?? answer.data.links?.webView?.href ?? '';
    return {
      id: answer.data.id,
      key: `${name} v${revision}`,
      url: link,
      results: { link, revision, name, version_id: tip.id },
    };
  }

  return {
    async call(call) {
      if (call.operation !== 'read_drawing') throw new VendorRefusal(0, `cad has no operation ${call.operation}`);
      try {
        return await readDrawing(call);
      } catch (error) {
        if (error instanceof ApsError && REFUSALS.has(error.status))
          throw new VendorRefusal(error.status, error.message);
        throw error;
      }
    },
  };
}

/** The drawing input as project and item (see the header), or a refusal that says what it must look like. */
function drawingOf(input: string, defaultProject: string | undefined): { project: string; item: string } {
  const text = input.trim();
  const slash = text.indexOf('/');
  const project = slash >= 0 ? text.slice(0, slash) : defaultProject;
  const item = slash >= 0 ? text.slice(slash + 1) : text;
  if (!ITEM_ID.test(item))
    throw new VendorRefusal(
      400,
      `'${text}' is not a drawing: give an APS item id (urn:adsk.wipprod:dm.lineage:…), optionally as <project id>/<item id>`,
    );
  if (!project) throw new VendorRefusal(400, `'${text}' names no project and APS_PROJECT_ID is unset`);
  if (!PROJECT_ID.test(project)) throw new VendorRefusal(400, `'${project}' is not an APS project id (b.… or a.…)`);
  return { project, item };
}

/** APS's error bodies: JSON:API { errors: [{ code, detail }] }, the gateway's { errorCode, developerMessage },
 * the token endpoint's { error, error_description }. */
function apsMessage(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.trim().slice(0, 300);
  }
  const b = body as {
    errors?: { code?: string; title?: string; detail?: string }[];
    errorCode?: string;
    developerMessage?: string;
    error?: string;
    error_description?: string;
  };
  if (Array.isArray(b.errors))
    return b.errors
      .map((e) => `${e.code ?? 'ERROR'}: ${e.detail ?? e.title ?? ''}`)
      .join('; ')
      .slice(0, 500);
  if (b.developerMessage) return `${b.errorCode ?? 'ERROR'}: ${b.developerMessage}`;
  if (b.error) return b.error_description ? `${b.error}: ${b.error_description}` : b.error;
  return text.slice(0, 300);
}
