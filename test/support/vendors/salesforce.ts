// A local Salesforce org for tests: the endpoints the Salesforce adapter calls through jsforce — the
// OAuth 2.0 token endpoint (client credentials flow), SOQL queries on Account, Case create, retrieve,
// update and upsert by external id — with Salesforce's payloads, status codes and error bodies
// ([{ message, errorCode, fields }]: INVALID_SESSION_ID 401 without a valid Bearer token,
// MALFORMED_QUERY, INVALID_FIELD, REQUIRED_FIELD_MISSING, NOT_FOUND, ...). Knobs for failure: fail the
// next requests with 500, lock the next records written (a 400 that passes), lose an upsert's answer,
// expire the tokens, go down; and counts.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SalesforceSettings } from '../../../platform/config.js';

export interface SalesforceCase {
  Id: string;
  CaseNumber: string;
  AccountId?: string;
  Subject?: string;
  Description?: string;
  Status: string;
  [field: string]: string | undefined;
}

export interface LocalSalesforce {
  url: string;
  /** Settings that reach this org with valid credentials. */
  settings: SalesforceSettings;
  accounts: { Id: string; Name: string }[];
  cases: SalesforceCase[];
  /** Cases created (by POST or by an upsert that created). */
  creates: number;
  /** Requests answered, any status; tokens issued. */
  requests: number;
  tokens: number;
  /** The Case's custom fields; remove the external id field to have upserts refused. */
  caseCustomFields: Set<string>;
  /** Fields an admin made required on Case (REQUIRED_FIELD_MISSING when a new Case lacks one). */
  requiredCaseFields: Set<string>;
  /** The Case Status picklist (restricted). */
  caseStatuses: Set<string>;
  /** The connected app's secret; change it to revoke the one the settings hold. */
  clientSecret: string;
  failNext(n: number): void;
  /** Answers the next `n` record writes with 400 UNABLE_TO_LOCK_ROW, as a record another save holds. */
  lockNext(n: number): void;
  /** Saves the next upsert, then drops the connection before answering: a lost answer. */
  loseNextUpsertAnswer(): void;
  /** Makes every token issued so far invalid, as a session timeout does. */
  expireTokens(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const CLIENT_ID = '3MVG9local.ticketflow.consumer.key';
const SECRET = 'local-salesforce-secret';
const VERSION = '62.0';
const EXTERNAL_ID = 'Ticketflow_Effect_Id__c';
const CASE_FIELDS = ['Id', 'CaseNumber', 'AccountId', 'Subject', 'Description', 'Status', 'Origin', 'Priority'];
const SESSION_EXPIRED = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];

type Errors = { message: string; errorCode: string; fields?: string[] }[];

export async function startLocalSalesforce(): Promise<LocalSalesforce> {
  const sockets = new Set<Socket>();
  const issued = new Set<string>();
  let failures = 0;
  let locks = 0;
  let loseUpsertAnswer = false;
  const server = createServer((req, res) => {
    sf.requests += 1;
    handle(req, res).catch((error: unknown) =>
      send(res, 500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error) }]),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
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
    if (!bearer || !issued.has(bearer[1]!)) return send(res, 401, SESSION_EXPIRED);
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
      if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(id))
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

  /** The SOQL the adapter sends: SELECT <fields> FROM Account WHERE Name|Id = '<literal>' [LIMIT n]. */
  function query(res: ServerResponse, soql: string): void {
    const match =
      /^SELECT\s+([\w\s,]+?)\s+FROM\s+(\w+)\s+WHERE\s+(\w+)\s*=\s*'((?:[^'\\]|\\.)*)'(?:\s+LIMIT\s+(\d+))?\s*$/i.exec(
        soql,
      );
    if (!match)
      return send(res, 400, [{ errorCode: 'MALFORMED_QUERY', message: `unexpected token: '${soql.slice(0, 40)}'` }]);
    const [, fieldList, object, filter, quoted, limit] = match;
    if (object !== 'Account')
      return send(res, 400, [{ errorCode: 'INVALID_TYPE', message: `sObject type '${object}' is not supported.` }]);
    const fields = fieldList!.split(',').map((f) => f.trim());
    for (const field of [...fields, filter!])
      if (!['Id', 'Name'].includes(field))
        return send(res, 400, [
          { errorCode: 'INVALID_FIELD', message: `No such column '${field}' on entity 'Account'.` },
        ]);
    const value = quoted!.replace(/\\(.)/g, '$1');
    if (filter === 'Id' && !/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(value))
      return send(res, 400, [{ errorCode: 'INVALID_QUERY_FILTER_OPERATOR', message: `invalid ID field: ${value}` }]);
    const records = sf.accounts
      .filter((a) => (filter === 'Id' ? a.Id.slice(0, 15) === value.slice(0, 15) : a.Name === value))
      .slice(0, Number(limit ?? 2000))
      .map((a) => ({
        attributes: { type: 'Account', url: `/services/data/v${VERSION}/sobjects/Account/${a.Id}` },
        ...Object.fromEntries(fields.map((f) => [f, a[f as 'Id' | 'Name']])),
      }));
    send(res, 200, { totalSize: records.length, done: true, records });
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
    const errors = caseErrors({ ...fields, ...key }, existing);
    if (errors.length > 0) return send(res, 400, errors);
    if (existing) {
      Object.assign(existing, fields);
      if (key) return send(res, 200, { id: existing.Id, success: true, errors: [], created: false });
      res.writeHead(204).end();
      return;
    }
    const n = sf.cases.length + 1;
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

  function caseErrors(fields: Record<string, unknown>, existing: SalesforceCase | undefined): Errors {
    for (const name of Object.keys(fields))
      if (!CASE_FIELDS.includes(name) && !sf.caseCustomFields.has(name))
        return [
          { errorCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type Case`, fields: [] },
        ];
    for (const name of ['Id', 'CaseNumber'])
      if (name in fields)
        return [
          {
            errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
            message: `Unable to create/update fields: ${name}.`,
            fields: [name],
          },
        ];
    const missing = [...sf.requiredCaseFields].filter((name) => !existing && !fields[name]);
    if (missing.length > 0)
      return [
        {
          errorCode: 'REQUIRED_FIELD_MISSING',
          message: `Required fields are missing: [${missing.join(', ')}]`,
          fields: missing,
        },
      ];
    const { Subject, Status, AccountId } = fields as Record<string, string | undefined>;
    if (Subject && Subject.length > 255)
      return [
        {
          errorCode: 'STRING_TOO_LONG',
          message: `Subject: data value too large: ${Subject.slice(0, 20)}... (max length=255)`,
          fields: ['Subject'],
        },
      ];
    if (Status !== undefined && !sf.caseStatuses.has(Status))
      return [
        {
          errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          message: `Status: bad value for restricted picklist field: ${Status}`,
          fields: ['Status'],
        },
      ];
    if (AccountId !== undefined && !sf.accounts.some((a) => a.Id === AccountId))
      return [
        {
          errorCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: `Account ID: id value of incorrect type: ${AccountId}`,
          fields: ['AccountId'],
        },
      ];
    return [];
  }

  function retrieve(res: ServerResponse, record: SalesforceCase, fieldList: string | null): void {
    const fields = fieldList ? fieldList.split(',') : Object.keys(record);
    const unknown = fields.find((f) => !CASE_FIELDS.includes(f) && !sf.caseCustomFields.has(f));
    if (unknown)
      return send(res, 400, [
        { errorCode: 'INVALID_FIELD', message: `No such column '${unknown}' on sobject of type Case` },
      ]);
    send(res, 200, {
      attributes: { type: 'Case', url: `/services/data/v${VERSION}/sobjects/Case/${record.Id}` },
      Id: record.Id,
      ...Object.fromEntries(fields.map((f) => [f, record[f] ?? null])),
    });
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
    expireTokens() {
      issued.clear();
    },
    down: close,
    up: () => listen(port),
    stop: close,
  };
  return sf;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
