// Public comments on a ticket linked to a Jira issue are mirrored as Jira comments, end to end: the
// ticket's workflow calls the local Jira (jira.js against test/support/vendors/jira.ts) beside its
// process and records the outcome on the timeline. One Jira comment per public Ticketflow comment;
// internal notes and tickets without an issue stay inside; an issue Jira no longer has is recorded as
// refused, with Jira's words. How the adapter writes the comment and finds one it already mirrored (a
// retry after a lost answer makes no second) is in jira-adapter.test.ts, without a workflow; the
// mirror runs under the same retry policy as the Jira call that integration-jira.test.ts retries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { investigatedCustomerCase } from '../support/customer-case.js';
import { startLocalJira, type JiraIssue, type LocalJira } from '../support/vendors/jira.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

describe('jira comment mirroring', () => {
  let jira: LocalJira;
  let sys: TestSystem;

  before(async () => {
    jira = await startLocalJira();
    sys = await startTestSystem({
      integrations: { jira: jira.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 1000 },
    });
  });
  after(async () => {
    await sys.stop();
    await jira.stop();
  });

  const people = async () => ({
    erin: await sys.person('erin.employee@example.com'),
    tia: await sys.person('tia.support@example.com'),
  });

  /** A customer case under investigation; `escalate` also escalates it, which creates its Jira issue. */
  async function customerCase(escalate: boolean): Promise<{ number: string; issue?: JiraIssue }> {
    const number = await investigatedCustomerCase(sys);
    if (!escalate) return { number };
    const { tia } = await people();
    await sys.tickets.move(number, tia, { transition: 'escalate', fields: { escalation_reason: 'Rows go missing' } });
    await eventually(
      async () => (await sys.tickets.timeline(number)).events.find((e) => e.type === 'integration_succeeded'),
      30_000,
      `${number}'s Jira issue`,
    );
    return { number, issue: jira.issues.find((i) => i.labels.includes(`ticketflow-${number}`))! };
  }

  const mirrorEvents = async (number: string) =>
    (await sys.tickets.timeline(number)).events.filter((e) => e.type.startsWith('comment_mirror'));
  const mirrorOf = (number: string, commentId: string) =>
    eventually(
      async () => (await mirrorEvents(number)).find((e) => e.data.commentId === commentId),
      30_000,
      `the mirror of comment ${commentId}`,
    );
  const commentIdOf = async (number: string, body: string) => {
    const row = await sys.db
      .selectFrom('comments')
      .innerJoin('tickets', 'tickets.id', 'comments.ticket_id')
      .select('comments.id')
      .where('tickets.number', '=', number)
      .where('comments.body', '=', body)
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const jiraCommentsFor = (commentId: string) =>
    jira.comments.filter((c) =>
      c.properties.some((p) => p.key === 'ticketflow' && (p.value as { commentId?: string }).commentId === commentId),
    );

  it('mirrors a public comment once as a Jira comment in ADF, and not an internal note', async () => {
    const { number, issue } = await customerCase(true);
    const { tia, erin } = await people();
    const text = 'It happens from 10,000 rows on.\nOnly in CSV.\n\nExcel exports are fine.';
    await sys.tickets.comment(number, tia, { body: text, visibility: 'public' });
    await sys.tickets.comment(number, tia, { body: 'Customer is on the old plan.', visibility: 'internal' });
    await sys.tickets.comment(number, erin, { body: 'Thanks, waiting.', visibility: 'public' });

    const commentId = await commentIdOf(number, text);
    const event = await mirrorOf(number, commentId);
    assert.equal(event.type, 'comment_mirrored');
    assert.equal(event.data.key, issue!.key);
    const [mirrored, ...more] = jiraCommentsFor(commentId);
    assert.equal(more.length, 0, 'one Jira comment');
    assert.equal(mirrored!.issueId, issue!.id);
    assert.equal(event.data.id, mirrored!.id);
    assert.equal(event.data.url, `${jira.url}/browse/${issue!.key}?focusedCommentId=${mirrored!.id}`);
    const body = JSON.stringify(mirrored!.body);
    assert.match(body, new RegExp(`Tia[^"]* wrote on Ticketflow ticket ${number}`));
    assert.match(
      body,
      /"It happens from 10,000 rows on\."\},\{"type":"hardBreak"\},\{"type":"text","text":"Only in CSV\."/,
    );
    assert.match(body, /Excel exports are fine\./);

    await mirrorOf(number, await commentIdOf(number, 'Thanks, waiting.'));
    await sys.tickets.settle(number);
    const onIssue = jira.comments.filter((c) => c.issueId === issue!.id);
    assert.equal(onIssue.length, 2, 'the two public comments, not the internal note');
    assert.ok(!JSON.stringify(onIssue).includes('old plan'));
    assert.equal((await mirrorEvents(number)).length, 2);
  });

  it('leaves comments of tickets without a Jira issue alone', async () => {
    const { number } = await customerCase(false);
    const { tia } = await people();
    const before = jira.requests;
    await sys.tickets.comment(number, tia, { body: 'Looking into it.', visibility: 'public' });
    await sys.tickets.settle(number);
    assert.deepEqual(await mirrorEvents(number), []);
    assert.equal(jira.requests, before, 'Jira was not called');
  });

  it('records a comment on an issue Jira no longer has as refused, with Jira’s words', async () => {
    const { number, issue } = await customerCase(true);
    const { tia } = await people();
    jira.issues.splice(jira.issues.indexOf(issue!), 1);
    await sys.tickets.comment(number, tia, { body: 'Any news?', visibility: 'public' });
    const event = await mirrorOf(number, await commentIdOf(number, 'Any news?'));
    assert.equal(event.type, 'comment_mirror_failed');
    assert.equal(event.data.reason, 'refused');
    assert.match(String(event.data.message), /404.*Issue does not exist/);
    assert.equal((await sys.tickets.settle(number)).state, 'escalated');
  });
});
