// A local Jira for tests: the REST API v3 endpoints the Jira adapter calls through jira.js, with Jira's
// payload shapes and error bodies (Basic auth with email:token, 400 with errorMessages/errors, 401),
// plus knobs for failure: fail the next calls with 500, lose an answer, go down (refuse connections),
// and counts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { JiraSettings } from '../../../platform/config.js';

export interface JiraIssue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  labels: string[];
  issueType: string;
}

export interface LocalJira {
  url: string;
  /** Settings that reach this server with valid credentials. */
  settings: JiraSettings;
  issues: JiraIssue[];
  /** Issues created (POST /rest/api/3/issue answered 201). */
  creates: number;
  /** Requests answered, any status. */
  requests: number;
  /** Projects that exist; an issue for another is refused (400). */
  projects: Set<string>;
  /** The API token accepted for the account; change it to revoke the one the settings hold. */
  apiToken: string;
  /** Answers the next `n` requests with 500. */
  failNext(n: number): void;
  /** Creates the next issue, then drops the connection before answering: a lost answer. */
  loseNextCreateAnswer(): void;
  /** Stops accepting connections (and drops open ones) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const EMAIL = 'ticketflow@example.com';
const TOKEN = 'local-jira-token';
const ISSUE_TYPES = ['Task', 'Bug', 'Story'];

export async function startLocalJira(): Promise<LocalJira> {
  const sockets = new Set<Socket>();
  let failures = 0;
  let loseCreateAnswer = false;
  const server = createServer((req, res) => {
    jira.requests += 1;
    handle(req, res).catch((error: unknown) => send(res, 500, { errorMessages: [String(error)], errors: {} }));
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (failures > 0) {
      failures -= 1;
      return send(res, 500, { errorMessages: ['Internal server error'], errors: {} });
    }
    if (!authorized(req.headers.authorization)) {
      res.writeHead(401, { 'content-type': 'text/plain;charset=UTF-8', 'www-authenticate': 'Basic realm="protected"' });
      res.end('Client must be authenticated to access this resource.');
      return;
    }
    const { pathname, searchParams } = new URL(req.url ?? '/', url);
    if (pathname === '/rest/api/3/search/jql' && (req.method === 'GET' || req.method === 'POST')) {
      const query = req.method === 'GET' ? Object.fromEntries(searchParams) : (JSON.parse(body || '{}') as object);
      return search(res, query as { jql?: string; maxResults?: string | number });
    }
    if (pathname === '/rest/api/3/issue' && req.method === 'POST') return create(res, body);
    send(res, 404, { errorMessages: ['null for uri: ' + pathname], errors: {} });
  }

  function authorized(header: string | undefined): boolean {
    if (!header?.startsWith('Basic ')) return false;
    return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${EMAIL}:${jira.apiToken}`;
  }

  function search(res: ServerResponse, query: { jql?: string; maxResults?: string | number }): void {
    const match = /^\s*labels\s*=\s*"([^"]+)"\s*$/.exec(query.jql ?? '');
    if (!match) {
      return send(res, 400, {
        errorMessages: [`Error in the JQL Query: cannot parse '${query.jql ?? ''}'.`],
        errors: {},
      });
    }
    const max = Number(query.maxResults ?? 50);
    const issues = jira.issues.filter((issue) => issue.labels.includes(match[1]!)).slice(0, max);
    send(res, 200, {
      issues: issues.map((issue) => ({
        id: issue.id,
        key: issue.key,
        self: `${url}/rest/api/3/issue/${issue.id}`,
        fields: { summary: issue.summary },
      })),
      isLast: true,
    });
  }

  function create(res: ServerResponse, body: string): void {
    let fields: Record<string, unknown>;
    try {
      fields = ((JSON.parse(body) as { fields?: Record<string, unknown> }).fields ?? {}) as Record<string, unknown>;
    } catch {
      return send(res, 400, { errorMessages: ['Unexpected character in the request body.'], errors: {} });
    }
    const errors: Record<string, string> = {};
    const project = (fields.project as { key?: string } | undefined)?.key;
    if (!project || !jira.projects.has(project)) errors.project = 'valid project is required';
    const issueType = (fields.issuetype as { name?: string } | undefined)?.name;
    if (!issueType || !ISSUE_TYPES.includes(issueType)) errors.issuetype = 'valid issue type is required';
    const summary = fields.summary;
    if (typeof summary !== 'string' || !summary.trim()) errors.summary = 'You must specify a summary of the issue.';
    else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    const description = fields.description as { type?: string; version?: number } | undefined;
    if (description !== undefined && (description.type !== 'doc' || description.version !== 1))
      errors.description = 'Operation value must be an Atlassian Document.';
    const labels = Array.isArray(fields.labels) ? (fields.labels as string[]) : [];
    const spaced = labels.find((label) => /\s/.test(label));
    if (spaced) errors.labels = `The label '${spaced}' contains spaces which is invalid.`;
    if (Object.keys(errors).length > 0) return send(res, 400, { errorMessages: [], errors });
    const id = String(10000 + jira.issues.length + 1);
    const key = `${project}-${jira.issues.filter((i) => i.key.startsWith(`${project}-`)).length + 1}`;
    jira.issues.push({ id, key, summary: summary as string, description, labels, issueType: issueType! });
    jira.creates += 1;
    if (loseCreateAnswer) {
      loseCreateAnswer = false;
      res.socket?.destroy();
      return;
    }
    send(res, 201, { id, key, self: `${url}/rest/api/3/issue/${id}` });
  }

  const jira: LocalJira = {
    url,
    settings: { url, email: EMAIL, apiToken: TOKEN, projectKey: 'ENG', issueType: 'Task' },
    issues: [],
    creates: 0,
    requests: 0,
    projects: new Set(['ENG']),
    apiToken: TOKEN,
    failNext(n) {
      failures = n;
    },
    loseNextCreateAnswer() {
      loseCreateAnswer = true;
    },
    down: close,
    up: () => listen(port),
    stop: close,
  };
  return jira;
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
