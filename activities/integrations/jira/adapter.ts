// The Jira adapter (jira.js, REST API v3): create_issue opens an issue for a ticket. Idempotent: the
// issue carries a label naming the action's run (its effect id), and a call first looks that label up,
// so a retry after a crash or a lost answer returns the issue the first try made: one issue per run.
// add_comment mirrors a ticket's public comment onto its issue, idempotent the same way: the Jira
// comment carries an entity property naming the Ticketflow comment, looked up before adding one.
import { HttpException, Version3Client } from 'jira.js';
import type { IntegrationSuccess } from '../../../workflows/ticket/model.js';
import { VendorRefusal, type Adapter, type AdapterCall } from '../types.js';
import type { JiraSettings } from './settings.js';

/** Statuses a retry cannot change: bad fields, bad credentials, no permission, nothing there. */
const REFUSALS = new Set([400, 401, 403, 404, 405, 409, 410, 413, 415, 422]);
const SUMMARY_MAX = 255;

export function jiraAdapter(settings: JiraSettings, timeoutMs: number): Adapter {
  const client = new Version3Client({
    host: settings.url,
    authentication: { basic: { email: settings.email, apiToken: settings.apiToken } },
    baseRequestConfig: { timeout: timeoutMs },
  });
  const made = (issue: { id: string; key: string }): IntegrationSuccess => ({
    id: issue.id,
    key: issue.key,
    url: `${settings.url}/browse/${issue.key}`,
    results: { issue_key: issue.key, issue_id: issue.id, issue_url: `${settings.url}/browse/${issue.key}` },
  });

  async function createIssue(call: AdapterCall): Promise<IntegrationSuccess> {
    const runLabel = `ticketflow-${call.effectId}`;
    const found = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: `labels = "${runLabel}"`,
      fields: ['summary'],
      maxResults: 1,
    });
    const existing = found.issues?.[0];
    if (existing?.id && existing.key) return made({ id: existing.id, key: existing.key });
    const { reference = call.ticketNumber, reason, summary } = call.values;
    const created = await client.issues.createIssue({
      fields: {
        project: { key: settings.projectKey },
        issuetype: { name: settings.issueType },
        summary: (summary || `Ticket ${reference}`).slice(0, SUMMARY_MAX),
        description: [`From Ticketflow ticket ${reference}.`, reason && `Reason: ${reason}`]
          .filter(Boolean)
          .join('\n\n'),
        labels: [`ticketflow-${call.ticketNumber}`, runLabel],
      },
    });
    return made(created);
  }

  async function addComment(call: AdapterCall): Promise<IntegrationSuccess> {
    const { issue_key: issueKey = '', body = '', author = 'Someone' } = call.values;
    const mirrored = (comment: { id?: string }): IntegrationSuccess => ({
      id: comment.id ?? '',
      key: issueKey,
      url: `${settings.url}/browse/${issueKey}?focusedCommentId=${comment.id ?? ''}`,
      results: { comment_id: comment.id ?? '' },
    });
    const existing = await findMirroredComment(client, issueKey, call.effectId);
    if (existing) return mirrored(existing);
    const created = await client.issueComments.addComment({
      issueIdOrKey: issueKey,
      comment: commentDocument(`${author} wrote on Ticketflow ticket ${call.ticketNumber}:`, body),
      properties: [{ key: COMMENT_PROPERTY, value: { commentId: call.effectId, ticket: call.ticketNumber } }],
    });
    return mirrored(created);
  }

  return {
    async call(call) {
      const operation =
        call.operation === 'create_issue' ? createIssue : call.operation === 'add_comment' ? addComment : undefined;
      if (!operation) throw new VendorRefusal(0, `jira has no operation ${call.operation}`);
      try {
        return await operation(call);
      } catch (error) {
        throw refusalOf(error) ?? error;
      }
    },
  };
}

/** The entity property on a mirrored comment that names the Ticketflow comment it mirrors. */
const COMMENT_PROPERTY = 'ticketflow';
const COMMENTS_PAGE = 100;

/** The issue's comment that mirrors Ticketflow comment `commentId`, newest first, page by page. */
async function findMirroredComment(client: Version3Client, issueKey: string, commentId: string) {
  for (let startAt = 0; ; startAt += COMMENTS_PAGE) {
    const page = await client.issueComments.getComments({
      issueIdOrKey: issueKey,
      startAt,
      maxResults: COMMENTS_PAGE,
      orderBy: '-created',
      expand: 'properties',
    });
    const comments = page.comments ?? [];
    const found = comments.find((c) =>
      c.properties?.some(
        (p) => p.key === COMMENT_PROPERTY && (p.value as { commentId?: unknown } | undefined)?.commentId === commentId,
      ),
    );
    if (found) return found;
    if (comments.length < COMMENTS_PAGE || startAt + comments.length >= (page.total ?? 0)) return undefined;
  }
}

/** A comment as an Atlassian Document: a heading line, then the text's paragraphs with their line breaks. */
function commentDocument(heading: string, text: string) {
  const paragraph = (block: string) => ({
    type: 'paragraph' as const,
    content: block
      .split('\n')
      .flatMap((line, i) => [
        ...(i > 0 ? [{ type: 'hardBreak' as const }] : []),
        ...(line ? [{ type: 'text' as const, text: line }] : []),
      ]),
  });
  const blocks = text.split(/\n{2,}/).filter((b) => b.trim() !== '');
  return { type: 'doc' as const, version: 1 as const, content: [paragraph(heading), ...blocks.map(paragraph)] };
}

/** A Jira answer no retry can fix, with Jira's own words; undefined for what may pass (429, 5xx, network). */
function refusalOf(error: unknown): VendorRefusal | undefined {
  if (!(error instanceof HttpException) || !REFUSALS.has(error.status)) return undefined;
  const body = (error.response as { data?: unknown } | undefined)?.data;
  return new VendorRefusal(error.status, `Jira answered ${error.status}: ${jiraMessage(body) || error.statusText}`);
}

/** Jira's error body: { errorMessages: [...], errors: { field: message } }. */
function jiraMessage(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 300);
  if (typeof body !== 'object' || body === null) return '';
  const { errorMessages, errors } = body as { errorMessages?: unknown; errors?: unknown };
  const messages = Array.isArray(errorMessages) ? errorMessages.map(String) : [];
  if (typeof errors === 'object' && errors !== null)
    messages.push(...Object.entries(errors).map(([field, message]) => `${field}: ${String(message)}`));
  return messages.join('; ').slice(0, 500);
}
