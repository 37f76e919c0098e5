// The Jira adapter (activities/integrations/jira/adapter.ts, jira.js) against a local Jira
// (test/support/vendors/jira.ts), called directly: no workflow, no Temporal, so each case costs a few
// requests instead of an escalated ticket and the retry policy's waits. The issue it creates (labels,
// summary, description), its lookup before creating (a retry after a lost answer or a 500 finds the
// issue instead of making a second), the comments it mirrors (Atlassian Document, one per Ticketflow
// comment, also when the answer was lost), which answers are refusals with Jira's words (bad fields,
// revoked credentials, an issue Jira no longer has) and what the registry makes of them. The end-to-end
// runs are in integration-jira.test.ts and jira-comments.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jiraAdapter } from '../../activities/integrations/jira/adapter.js';
import type { Adapter, AdapterCall } from '../../activities/integrations/types.js';
import { INTEGRATION_REFUSED } from '../../workflows/ticket/model.js';
import { applicationFailure, integrationsWithoutDb, notRefused, refused } from '../support/vendors/adapter-calls.js';
import { startLocalJira, type LocalJira } from '../support/vendors/jira.js';

let runs = 0;
/** A create_issue call of a new action run (its own effect id). */
const createIssue = (values: Record<string, string> = {}): AdapterCall => ({
  operation: 'create_issue',
  ticketNumber: 'CASE-000001',
  effectId: `run-${++runs}`,
  values: { reference: 'CASE-000001', summary: 'Acme export broken', reason: 'The export drops rows', ...values },
});

describe('jira adapter: issues', () => {
  let jira: LocalJira;
  let adapter: Adapter;

  before(async () => {
    jira = await startLocalJira();
    adapter = jiraAdapter(jira.settings, 2000);
  });
  after(() => jira.stop());

  it('creates an issue labelled with the ticket and the run, and gives its key, id and link', async () => {
    const call = createIssue();
    const made = await adapter.call(call);
    const issue = jira.issues.find((i) => i.labels.includes(`ticketflow-${call.effectId}`));
    assert.ok(issue, 'an issue labelled with the run');
    assert.deepEqual(issue.labels, ['ticketflow-CASE-000001', `ticketflow-${call.effectId}`]);
    assert.equal(issue.summary, 'Acme export broken');
    assert.equal(issue.issueType, 'Task');
    assert.match(
      JSON.stringify(issue.description),
      /From Ticketflow ticket CASE-000001\..*Reason: The export drops rows/,
    );
    const url = `${jira.url}/browse/${issue.key}`;
    assert.deepEqual(made, {
      id: issue.id,
      key: issue.key,
      url,
      results: { issue_key: issue.key, issue_id: issue.id, issue_url: url },
    });
  });

  it('names an issue without a summary after the ticket, and cuts a long summary to Jira’s 255', async () => {
    const plain = await adapter.call(createIssue({ summary: '' }));
    assert.equal(jira.issues.find((i) => i.key === plain.key)?.summary, 'Ticket CASE-000001');
    const long = await adapter.call(createIssue({ summary: 'x'.repeat(300) }));
    assert.equal(jira.issues.find((i) => i.key === long.key)?.summary, 'x'.repeat(255));
  });

  it('finds the issue a run made instead of making a second one', async () => {
    const call = createIssue();
    const first = await adapter.call(call);
    const creates = jira.creates;
    assert.deepEqual(await adapter.call(call), first);
    assert.equal(jira.creates, creates, 'no second issue');
  });

  it('finds the issue a call made when its answer was lost, instead of making a second one', async () => {
    const call = createIssue();
    const creates = jira.creates;
    jira.loseNextCreateAnswer();
    await notRefused(adapter.call(call));
    const made = await adapter.call(call); // the retry
    assert.equal(jira.creates, creates + 1, 'one issue');
    const issue = jira.issues.find((i) => i.labels.includes(`ticketflow-${call.effectId}`));
    assert.equal(made.key, issue?.key);
  });

  it('fails a 500 as something a retry may mend, and the retry makes one issue', async () => {
    const call = createIssue();
    const creates = jira.creates;
    jira.failNext(2);
    await notRefused(adapter.call(call));
    await notRefused(adapter.call(call));
    const made = await adapter.call(call);
    assert.equal(jira.creates, creates + 1, 'one issue');
    assert.equal(made.key, jira.issues.at(-1)?.key);
  });

  it('refuses bad fields with Jira’s message, after one lookup and one create', async () => {
    jira.projects.delete('ENG');
    try {
      const requests = jira.requests;
      await refused(adapter.call(createIssue()), 400, /Jira answered 400: project: valid project is required/);
      assert.equal(jira.requests - requests, 2, 'one lookup and one create');
    } finally {
      jira.projects.add('ENG');
    }
  });

  it('refuses revoked credentials with Jira’s answer', async () => {
    jira.apiToken = 'rotated';
    try {
      await refused(adapter.call(createIssue()), 401, /Jira answered 401: Client must be authenticated/);
    } finally {
      jira.apiToken = jira.settings.apiToken;
    }
  });

  it('refuses an operation it does not have', async () => {
    await refused(adapter.call({ ...createIssue(), operation: 'delete_issue' }), 0, /jira has no operation/);
  });
});

describe('jira adapter: comments', () => {
  let jira: LocalJira;
  let adapter: Adapter;
  let issueKey: string;

  before(async () => {
    jira = await startLocalJira();
    adapter = jiraAdapter(jira.settings, 2000);
    issueKey = (await adapter.call(createIssue())).key;
  });
  after(() => jira.stop());

  let comments = 0;
  /** An add_comment call mirroring a new Ticketflow comment (its id is the effect id). */
  const addComment = (body: string, key = issueKey): AdapterCall => ({
    operation: 'add_comment',
    ticketNumber: 'CASE-000001',
    effectId: `comment-${++comments}`,
    values: { issue_key: key, body, author: 'Tia Support' },
  });
  const jiraCommentsFor = (commentId: string) =>
    jira.comments.filter((c) =>
      c.properties.some((p) => p.key === 'ticketflow' && (p.value as { commentId?: string }).commentId === commentId),
    );

  it('mirrors a comment as an Atlassian Document under a heading, marked with the Ticketflow comment', async () => {
    const call = addComment('It happens from 10,000 rows on.\nOnly in CSV.\n\nExcel exports are fine.');
    const made = await adapter.call(call);
    const [mirrored, ...more] = jiraCommentsFor(call.effectId);
    assert.equal(more.length, 0, 'one Jira comment');
    assert.equal(mirrored!.issueId, jira.issues.find((i) => i.key === issueKey)?.id);
    assert.deepEqual(mirrored!.properties, [
      { key: 'ticketflow', value: { commentId: call.effectId, ticket: 'CASE-000001' } },
    ]);
    assert.deepEqual(made, {
      id: mirrored!.id,
      key: issueKey,
      url: `${jira.url}/browse/${issueKey}?focusedCommentId=${mirrored!.id}`,
      results: { comment_id: mirrored!.id },
    });
    const text = (text: string) => ({ type: 'text', text });
    assert.deepEqual(mirrored!.body, {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [text('Tia Support wrote on Ticketflow ticket CASE-000001:')] },
        {
          type: 'paragraph',
          content: [text('It happens from 10,000 rows on.'), { type: 'hardBreak' }, text('Only in CSV.')],
        },
        { type: 'paragraph', content: [text('Excel exports are fine.')] },
      ],
    });
  });

  it('makes one Jira comment when the same comment is mirrored again', async () => {
    const call = addComment('Once only.');
    const first = await adapter.call(call);
    assert.deepEqual(await adapter.call(call), first);
    assert.equal(jiraCommentsFor(call.effectId).length, 1, 'one Jira comment');
  });

  it('makes one Jira comment when Jira’s answer is lost and the call is retried', async () => {
    const call = addComment('Second look: same on staging.');
    jira.loseNextCommentAnswer();
    await notRefused(adapter.call(call));
    const made = await adapter.call(call); // the retry
    const mirrored = jiraCommentsFor(call.effectId);
    assert.equal(mirrored.length, 1, 'one Jira comment');
    assert.equal(made.id, mirrored[0]!.id);
  });

  it('finds a mirrored comment beyond the first page of the issue’s comments', async () => {
    const call = addComment('The oldest one.');
    const first = await adapter.call(call);
    for (let i = 0; i < 120; i++) await adapter.call(addComment(`Filler ${i}`));
    const requests = jira.requests;
    assert.deepEqual(await adapter.call(call), first);
    assert.equal(jira.requests - requests, 2, 'two pages read, nothing added');
    assert.equal(jiraCommentsFor(call.effectId).length, 1);
  });

  it('refuses a comment on an issue Jira no longer has, with Jira’s words', async () => {
    await refused(adapter.call(addComment('Any news?', 'ENG-404')), 404, /Jira answered 404: Issue does not exist/);
  });
});

describe('jira through the registry', () => {
  let jira: LocalJira;

  before(async () => {
    jira = await startLocalJira();
  });
  after(() => jira.stop());

  it('gives a made issue as done, a refusal as final with its status, a 500 as retryable', async () => {
    const integrations = integrationsWithoutDb({ jira: jira.settings, requestTimeoutMs: 2000 });
    const done = await integrations.invoke('jira', createIssue());
    assert.equal(done.outcome === 'done' && done.made.key, jira.issues.at(-1)?.key);
    jira.apiToken = 'rotated';
    try {
      await applicationFailure(integrations.invoke('jira', createIssue()), {
        type: INTEGRATION_REFUSED,
        nonRetryable: true,
        words: /401: Client must be authenticated/,
        details: [{ status: 401 }],
      });
    } finally {
      jira.apiToken = jira.settings.apiToken;
    }
    jira.failNext(1);
    await applicationFailure(integrations.invoke('jira', createIssue()), {
      type: 'VendorError',
      nonRetryable: false,
      words: /^jira: /,
    });
  });

  it('answers not configured without Jira settings', async () => {
    assert.deepEqual(await integrationsWithoutDb({}).invoke('jira', createIssue()), { outcome: 'not_configured' });
  });
});
