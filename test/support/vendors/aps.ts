// A local Autodesk Platform Services for tests: the endpoints the CAD adapter calls — the 2-legged
// token (POST /authentication/v2/token, Basic client credentials) and the Data Management item and its
// tip version (GET /data/v1/projects/{project_id}/items/{item_id}[/tip]) — with JSON:API bodies and
// APS's errors: the gateway's 401 for a missing or expired token, JSON:API 404 for an unknown project
// or item, 400 for an id that is no item URN. Knobs: fail the next requests with 500, expire the
// tokens, go down; and counts.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApsSettings } from '../../../activities/integrations/cad/settings.js';
import { readBody, send, startLocalServer } from './local-server.js';

export interface ApsDrawing {
  project: string;
  /** The item's lineage URN. */
  item: string;
  name: string;
  /** Versions, oldest first: the last is the tip. */
  versions: number;
}

export interface LocalAps {
  url: string;
  /** Settings that reach this server with valid credentials. */
  settings: ApsSettings;
  drawings: ApsDrawing[];
  requests: number;
  tokens: number;
  /** The app's secret; change it to revoke the one the settings hold. */
  clientSecret: string;
  /** Whether an item's answer includes its tip version (APS's does; off, the adapter must ask /tip). */
  includeTip: boolean;
  failNext(n: number): void;
  /** Makes every token issued so far invalid, as its expiry does. */
  expireTokens(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const CLIENT_ID = 'LocalApsClientId0123456789abcdef';
const SECRET = 'local-aps-secret';
export const APS_PROJECT = 'b.9f3c2a10-5d6e-4b7f-8a9b-0c1d2e3f4a5b';
const GATEWAY_HELP = 'https://aps.autodesk.com/en/docs/oauth/v2/developers_guide/error_handling/';

export async function startLocalAps(): Promise<LocalAps> {
  const issued = new Set<string>();
  let failures = 0;
  const server = await startLocalServer((req, res) => {
    aps.requests += 1;
    handle(req, res).catch((error: unknown) => send(res, 500, jsonApiError('500', 'INTERNAL_ERROR', String(error))));
  });
  const url = server.url;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (failures > 0) {
      failures -= 1;
      return send(res, 500, jsonApiError('500', 'INTERNAL_ERROR', 'An internal error occurred'));
    }
    const { pathname } = new URL(req.url ?? '/', url);
    if (pathname === '/authentication/v2/token' && req.method === 'POST')
      return token(req, res, new URLSearchParams(body));
    const route = /^\/data\/v1\/projects\/([^/]+)\/items\/([^/]+)(\/tip)?$/.exec(pathname);
    if (!route || req.method !== 'GET')
      return send(res, 404, jsonApiError('404', 'NOT_FOUND', `No route for ${pathname}`));
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!bearer)
      return send(res, 401, {
        developerMessage: 'The token is not provided in the request.',
        moreInfo: GATEWAY_HELP,
        errorCode: 'AUTH-010',
      });
    if (!issued.has(bearer[1]!))
      return send(res, 401, {
        developerMessage: 'The token is not valid',
        moreInfo: GATEWAY_HELP,
        errorCode: 'AUTH-006',
      });
    const project = decodeURIComponent(route[1]!);
    const item = decodeURIComponent(route[2]!);
    if (!/^urn:adsk\.[\w.-]+:dm\.lineage:[\w-]+$/.test(item))
      return send(res, 400, jsonApiError('400', 'BAD_INPUT', `The item id ${item} is not valid`));
    if (!aps.drawings.some((d) => d.project === project))
      return send(res, 404, jsonApiError('404', 'NOT_FOUND', `The project ${project} was not found`));
    const drawing = aps.drawings.find((d) => d.project === project && d.item === item);
    if (!drawing) return send(res, 404, jsonApiError('404', 'NOT_FOUND', `The item ${item} was not found`));
    const tip = version(drawing);
    if (route[3])
      return send(res, 200, { jsonapi: { version: '1.0' }, links: { self: { href: `${url}${pathname}` } }, data: tip });
    send(res, 200, {
      jsonapi: { version: '1.0' },
      links: { self: { href: `${url}${pathname}` } },
      data: itemResource(drawing, tip),
      ...(aps.includeTip && { included: [tip] }),
    });
  }

  function token(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [id, secret] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [];
    if (id !== CLIENT_ID || secret !== aps.clientSecret)
      return send(res, 401, { error: 'invalid_client', error_description: 'The client credentials are invalid.' });
    if (form.get('grant_type') !== 'client_credentials')
      return send(res, 400, { error: 'unsupported_grant_type', error_description: 'The grant type is not supported.' });
    const scopes = (form.get('scope') ?? '').split(' ');
    if (!scopes.includes('data:read'))
      return send(res, 400, { error: 'invalid_scope', error_description: 'The requested scope is invalid.' });
    const accessToken = randomBytes(24).toString('base64url');
    issued.add(accessToken);
    aps.tokens += 1;
    send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3599 });
  }

  function version(drawing: ApsDrawing) {
    const fileId = drawing.item.replace('dm.lineage:', 'fs.file:vf.');
    const id = `${fileId}?version=${drawing.versions}`;
    return {
      type: 'versions',
      id,
      attributes: { name: drawing.name, displayName: drawing.name, versionNumber: drawing.versions, fileType: 'dwg' },
      links: {
        self: { href: `${url}/data/v1/projects/${drawing.project}/versions/${encodeURIComponent(id)}` },
        webView: { href: `${url}/docs/files/projects/${drawing.project.slice(2)}?entityId=${encodeURIComponent(id)}` },
      },
    };
  }

  function itemResource(drawing: ApsDrawing, tip: ReturnType<typeof version>) {
    const self = `${url}/data/v1/projects/${drawing.project}/items/${drawing.item}`;
    return {
      type: 'items',
      id: drawing.item,
      attributes: { displayName: drawing.name, extension: { type: 'items:autodesk.bim360:File', version: '1.0' } },
      links: {
        self: { href: self },
        webView: { href: `${url}/docs/files/projects/${drawing.project.slice(2)}?entityId=${drawing.item}` },
      },
      relationships: { tip: { data: { type: 'versions', id: tip.id }, links: { related: { href: `${self}/tip` } } } },
    };
  }

  const aps: LocalAps = {
    url,
    settings: { baseUrl: url, clientId: CLIENT_ID, clientSecret: SECRET, projectId: APS_PROJECT },
    drawings: [
      {
        project: APS_PROJECT,
        item: 'urn:adsk.wipprod:dm.lineage:hC6k4hndRWaeIVhIjvHu8w',
        name: 'Bracket A-100.dwg',
        versions: 3,
      },
      {
        project: 'b.other-project',
        item: 'urn:adsk.wipprod:dm.lineage:Qm9sdC0yMDAtYWx0',
        name: 'Bolt B-200.dwg',
        versions: 1,
      },
    ],
    requests: 0,
    tokens: 0,
    clientSecret: SECRET,
    includeTip: true,
    failNext(n) {
      failures = n;
    },
    expireTokens() {
      issued.clear();
    },
    down: server.down,
    up: server.up,
    stop: server.down,
  };
  return aps;
}

/** A Data Management error: JSON:API with an errors array. */
function jsonApiError(status: string, code: string, detail: string) {
  return { jsonapi: { version: '1.0' }, errors: [{ id: randomUUID(), status, code, detail }] };
}
