// A local Salesforce org for tests: the endpoints the Salesforce adapter calls through jsforce — the
// OAuth 2.0 token endpoint (client credentials flow), SOQL queries on Account, Case create, retrieve,
// update and upsert by external id — with Salesforce's payloads, status codes and error bodies
// ([{ message, errorCode, fields }]: INVALID_SESSION_ID 401 without a valid Bearer token,
// MALFORMED_QUERY, INVALID_FIELD, REQUIRED_FIELD_MISSING, NOT_FOUND, ...). Knobs for failure: fail the
// next requests with 500, lock the next records written (a 400 that passes), lose an upsert's answer,
// expire the tokens, go down; and counts. The org's rules (queries, Case checks) are in salesforce-org.ts.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SalesforceSettings } from '../../../activities/integrations/salesforce/settings.js';
import {
  API_VERSION as VERSION,
  caseErrors,
  caseRead,
  isRecordId,
  soqlAnswer,
  type OrgData,
  type SalesforceCase,
} from './salesforce-org.js';
import { readBody, send, startLocalServer } from './local-server.js';

export type { SalesforceCase } from './salesforce-org.js';

/** The org's data (OrgData: change it as an admin would, e.g. drop the external id field) and its knobs. */
export interface LocalSalesforce extends OrgData {
  url: string;
  /** Settings that reach this org with valid credentials. */
  settings: SalesforceSettings;
  cases: SalesforceCase[];
  /** Cases created (by POST or by an upsert that created). */
  creates: number;
  /** Requests answered, any status; tokens issued. */
  requests: number;
  tokens: number;
  /** The connected app's secret; change it to revoke the one the settings hold. */
  clientSecret: string;
  failNext(n: number): void;
  /** Answers the next `n` record writes with 400 UNABLE_TO_LOCK_ROW, as a record another save holds. */
  lockNext(n: number): void;
  /** Saves the next upsert, then drops the connection before answering: a lost answer. */
  loseNextUpsertAnswer(): void;
  /** Makes every token issued so far invalid, as a session timeout does. */
  expireTokens(): void;
  /** While true, the API takes no token, even a new one (as when the run-as user is deactivated). */
  refuseSessions: boolean;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const CLIENT_ID = '3MVG9local.ticketflow.consumer.key';
const SECRET = 'local-salesforce-secret';
const EXTERNAL_ID = 'Ticketflow_Effect_Id__c';
const SESSION_EXPIRED = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];

export async function startLocalSalesforce(): Promise<LocalSalesforce> {
  const issued = new Set<string>();
  let failures = 0;
  let locks = 0;
  let loseUpsertAnswer = false;
  /** Cases numbered so far: an id is never given twice, even after a test deletes a Case. */
  let numbered = 0;
  const server = await startLocalServer((req, res) => {
    sf.requests += 1;
    handle(req, res).catch((error: unknown) =>
      send(res, 500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error) }]),
    );
  });
  const url = server.url;
  const id18 = (prefix: string, n: number) => `${prefix}Hb0000${String(n).padStart(9, '0')}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (failures > 0) {
      failures -= 1;
      return send(res, 500, [
        {
          errorCode: 'UNKNOWN_EXCEPTION',
          message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678 (-1)',
        },
      ]);
    }
    const { pathname, searchParams } = new URL(req.url ?? '/', url);
    if (pathname === '/services/oauth2/token' && req.method === 'POST') return token(res, new URLSearchParams(body));
    const api = /^\/services\/data\/v(\d+\.\d)(\/.*)$/.exec(pathname);
    if (!api) return send(res, 404, NOT_FOUND);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!bearer || !issued.has(bearer[1]!) || sf.refuseSessions) return send(res, 401, SESSION_EXPIRED);
    if (api[1] !== VERSION) return send(res, 404, NOT_FOUND);
    const path = api[2]!;
    if (locks > 0 && (req.method === 'PATCH' || req.method === 'POST')) {
      locks -= 1;
      const message = 'unable to obtain exclusive access to this record or 1 records: 500Hb0000000000001';
      return send(res, 400, [{ errorCode: 'UNABLE_TO_LOCK_ROW', message, fields: [] }]);
    }
    if (path === '/query' && req.method === 'GET') return query(res, searchParams.get('q') ?? '');
    if (path === '/sobjects/Case' && req.method === 'POST') return saveCase(res, undefined, body);
    const byExternalId = /^\/sobjects\/Case\/(\w+__c)\/([^/]+)$/.exec(path);
    if (byExternalId && req.method === 'PATCH')
      return upsert(res, byExternalId[1]!, decodeURIComponent(byExternalId[2]!), body);
    const byId = /^\/sobjects\/Case\/([^/]+)$/.exec(path);
    if (byId && (req.method === 'GET' || req.method === 'PATCH')) {
      const id = decodeURIComponent(byId[1]!);
      if (!isRecordId(id))
        return send(res, 404, [
          { errorCode: 'NOT_FOUND', message: `Provided external ID field does not exist or is not accessible: ${id}` },
        ]);
      const found = sf.cases.find((c) => c.Id === id || c.Id.slice(0, 15) === id);
      if (!found) return send(res, 404, NOT_FOUND);
      if (req.method === 'GET') return retrieve(res, found, searchParams.get('fields'));
      return saveCase(res, found, body);
    }
    send(res, 404, NOT_FOUND);
  }

  function token(res: ServerResponse, form: URLSearchParams): void {
    if (form.get('grant_type') !== 'client_credentials')
      return send(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== sf.clientSecret)
      return send(res, 400, { error: 'invalid_client', error_description: 'invalid client credentials' });
    const accessToken = `00DHb0000000001!${randomBytes(16).toString('hex')}`;
    issued.add(accessToken);
    sf.tokens += 1;
    send(res, 200, {
      access_token: accessToken,
      signature: randomBytes(8).toString('base64'),
      scope: 'api',
      instance_url: url,
      id: `${url}/id/00DHb0000000001EAA/005Hb0000000001AAA`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
    });
  }

  function query(res: ServerResponse, soql: string): void {
    const { status, body } = soqlAnswer(sf, soql);
    send(res, status, body);
  }

  function upsert(res: ServerResponse, field: string, value: string, body: string): void {
    if (!sf.caseCustomFields.has(field))
      return send(res, 404, [
        { errorCode: 'NOT_FOUND', message: `Provided external ID field does not exist or is not accessible: ${field}` },
      ]);
    const matches = sf.cases.filter((c) => c[field] === value);
    if (matches.length > 1)
      return send(
        res,
        300,
        matches.map((c) => `/services/data/v${VERSION}/sobjects/Case/${c.Id}`),
      );
    saveCase(res, matches[0], body, { [field]: value });
  }

  /** Creates (no `existing`) or updates a Case after Salesforce's checks; an upsert answers with a body. */
  function saveCase(
    res: ServerResponse,
    existing: SalesforceCase | undefined,
    body: string,
    key?: Record<string, string>,
  ): void {
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(body || '{}') as Record<string, unknown>;
    } catch {
      return send(res, 400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'Unexpected character in the request body.' }]);
    }
    const errors = caseErrors(sf, { ...fields, ...key }, existing);
    if (errors.length > 0) return send(res, 400, errors);
    if (existing) {
      Object.assign(existing, fields);
      if (key) return send(res, 200, { id: existing.Id, success: true, errors: [], created: false });
      res.writeHead(204).end();
      return;
    }
    const n = ++numbered;
    const made: SalesforceCase = {
      Status: 'New',
      ...(fields as Record<string, string>),
      ...key,
      Id: id18('500', n),
      CaseNumber: String(1000 + n).padStart(8, '0'),
    };
    sf.cases.push(made);
    sf.creates += 1;
    if (key && loseUpsertAnswer) {
      loseUpsertAnswer = false;
      res.socket?.destroy();
      return;
    }
    send(res, 201, { id: made.Id, success: true, errors: [], ...(key && { created: true }) });
  }

  function retrieve(res: ServerResponse, record: SalesforceCase, fieldList: string | null): void {
    const { status, body } = caseRead(sf, record, fieldList);
    send(res, status, body);
  }

  const sf: LocalSalesforce = {
    url,
    settings: {
      loginUrl: url,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      apiVersion: VERSION,
      externalIdField: EXTERNAL_ID,
      resolvedStatus: 'Closed',
    },
    accounts: [
      { Id: '001Hb00000AcmeAAAA', Name: 'ACME' },
      { Id: '001Hb00000GlobxAAA', Name: "O'Brien & Co" },
    ],
    cases: [],
    creates: 0,
    requests: 0,
    tokens: 0,
    caseCustomFields: new Set([EXTERNAL_ID]),
    requiredCaseFields: new Set(),
    caseStatuses: new Set(['New', 'Working', 'Escalated', 'Closed']),
    clientSecret: SECRET,
    failNext(n) {
      failures = n;
    },
    lockNext(n) {
      locks = n;
    },
    loseNextUpsertAnswer() {
      loseUpsertAnswer = true;
    },
    refuseSessions: false,
    expireTokens() {
      issued.clear();
    },
    down: server.down,
    up: server.up,
    stop: server.down,
  };
  return sf;
}
