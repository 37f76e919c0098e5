// A local Jira for tests: the REST API v3 endpoints the Jira adapter calls through jira.js (search by
// JQL, create an issue, list and add an issue's comments), with Jira's payload shapes and error bodies
// (Basic auth with email:token, 400 with errorMessages/errors, 401, 404 for an issue that does not
// exist), plus knobs for failure: fail the next calls with 500, lose an answer, go down (refuse
// connections), and counts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JiraSettings } from '../../../activities/integrations/jira/settings.js';
import { readBody, send, startLocalServer } from './local-server.js';

export interface JiraIssue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  labels: string[];
  issueType: string;
}

export interface JiraComment {
  id: string;
  issueId: string;
  /** The comment as an Atlassian Document. */
  body: { type: string; version: number; content: unknown[] };
  properties: { key: string; value: unknown }[];
  created: string;
}

export interface LocalJira {
  url: string;
  /** Settings that reach this server with valid credentials. */
  settings: JiraSettings;
  issues: JiraIssue[];
  /** Every issue's comments, oldest first. */
  comments: JiraComment[];
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
  /** Adds the next comment, then drops the connection before answering. */
  loseNextCommentAnswer(): void;
  /** Stops accepting connections (and drops open ones) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const EMAIL = 'ticketflow@example.com';
const TOKEN = 'local-jira-token';
const ISSUE_TYPES = ['Task', 'Bug', 'Story'];

export async function startLocalJira(): Promise<LocalJira> {
  let failures = 0;
  let loseCreateAnswer = false;
  let loseCommentAnswer = false;
  const server = await startLocalServer((req, res) => {
    jira.requests += 1;
    handle(req, res).catch((error: unknown) => send(res, 500, { errorMessages: [String(error)], errors: {} }));
  });
  const url = server.url;

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
    const commentsOf = /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/.exec(pathname);
    if (commentsOf && (req.method === 'GET' || req.method === 'POST')) {
      const idOrKey = decodeURIComponent(commentsOf[1]!);
      const issue = jira.issues.find((i) => i.id === idOrKey || i.key === idOrKey);
      if (!issue)
        return send(res, 404, {
          errorMessages: ['Issue does not exist or you do not have permission to see it.'],
          errors: {},
        });
      return req.method === 'GET' ? listComments(res, issue, searchParams) : addComment(res, issue, body, searchParams);
    }
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

  const commentJson = (comment: JiraComment, expand: string | null) => ({
    id: comment.id,
    self: `${url}/rest/api/3/issue/${comment.issueId}/comment/${comment.id}`,
    author: { accountId: 'ticketflow-bot', displayName: 'Ticketflow', emailAddress: EMAIL },
    body: comment.body,
    created: comment.created,
    updated: comment.created,
    ...(expand?.split(',').includes('properties') && { properties: comment.properties }),
  });

  /** GET …/comment: a page of the issue's comments (orderBy created or -created), properties on `expand`. */
  function listComments(res: ServerResponse, issue: JiraIssue, params: URLSearchParams): void {
    const startAt = Number(params.get('startAt') ?? 0);
    const maxResults = Math.min(Number(params.get('maxResults') ?? 5000), 5000);
    const all = jira.comments.filter((c) => c.issueId === issue.id);
    if (params.get('orderBy') === '-created') all.reverse();
    const page = all.slice(startAt, startAt + maxResults);
    send(res, 200, {
      startAt,
      maxResults,
      total: all.length,
      comments: page.map((c) => commentJson(c, params.get('expand'))),
    });
  }

  /** POST …/comment: `body` must be an Atlassian Document with content; properties are kept. */
  function addComment(res: ServerResponse, issue: JiraIssue, text: string, params: URLSearchParams): void {
    let request: { body?: JiraComment['body']; properties?: JiraComment['properties'] };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return send(res, 400, { errorMessages: ['Unexpected character in the request body.'], errors: {} });
    }
    const doc = request.body;
    if (!doc || (Array.isArray(doc.content) && doc.content.length === 0))
      return send(res, 400, { errorMessages: [], errors: { comment: 'Comment body can not be empty!' } });
    if (doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content))
      return send(res, 400, {
        errorMessages: [],
        errors: { comment: 'Operation value must be an Atlassian Document.' },
      });
    const comment: JiraComment = {
      id: String(20000 + jira.comments.length + 1),
      issueId: issue.id,
      body: doc,
      properties: Array.isArray(request.properties) ? request.properties : [],
      created: new Date().toISOString(),
    };
    jira.comments.push(comment);
    if (loseCommentAnswer) {
      loseCommentAnswer = false;
      res.socket?.destroy();
      return;
    }
    send(res, 201, commentJson(comment, params.get('expand')));
  }

  const jira: LocalJira = {
    url,
    settings: { url, email: EMAIL, apiToken: TOKEN, projectKey: 'ENG', issueType: 'Task' },
    issues: [],
    comments: [],
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
    loseNextCommentAnswer() {
      loseCommentAnswer = true;
    },
    down: server.down,
    up: server.up,
    stop: server.down,
  };
  return jira;
}
