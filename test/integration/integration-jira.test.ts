// The Jira integration end to end, once each way through the workflow: a customer-case escalation
// creates a real issue over HTTP in a local Jira (jira.js against test/support/vendors/jira.ts) and
// stores its key into the ticket; a 500 is ridden out by the activity's retry policy without a second
// issue (the one run that shows Temporal retrying a vendor call); a refusal is recorded at once, with
// Jira's words, and the ticket stays where it is; a Jira down long enough opens the circuit
// (unavailable) while the ticket moves on; without Jira settings the call is recorded as not
// configured. What the adapter does with each Jira answer (the lookup before a create, a lost answer,
// each refusal) is in jira-adapter.test.ts, without a workflow. The three parts share nothing mutable
// and run at the same time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { escalatedCustomerCase } from '../support/customer-case.js';
import { startLocalJira, type LocalJira } from '../support/vendors/jira.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

/** A customer-case ticket, investigated and escalated to engineering (which runs the Jira action). */
const escalated = (sys: TestSystem, reason = 'The export drops rows') => escalatedCustomerCase(sys, reason);

const jiraEvent = (sys: TestSystem, number: string, timeoutMs = 30_000) =>
  eventually(
    async () =>
      (await sys.tickets.timeline(number)).events.find(
        (e) => e.type.startsWith('integration_') && e.data.system === 'jira',
      ),
    timeoutMs,
    `the jira call on ${number}'s timeline`,
  );

describe('jira', { concurrency: true }, () => {
  // One after another: the 500s and the missing project are the local Jira's, shared by these tests.
  describe('jira integration', { concurrency: 1 }, () => {
    let jira: LocalJira;
    let sys: TestSystem;

    before(async () => {
      jira = await startLocalJira();
      // The circuit has a test of its own below: here it never opens, whatever earlier tests failed.
      sys = await startTestSystem({
        integrations: { jira: jira.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 1000 },
      });
    });
    after(async () => {
      await sys.stop();
      await jira.stop();
    });

    it('creates one issue on escalation, stores its key in the ticket and records it on the timeline', async () => {
      const number = await escalated(sys);
      const event = await jiraEvent(sys, number);
      assert.equal(event.type, 'integration_succeeded');
      const issue = jira.issues.find((i) => i.labels.includes(`ticketflow-${number}`));
      assert.ok(issue, 'an issue labelled with the ticket number');
      assert.equal(issue.summary, 'Acme export broken');
      assert.match(JSON.stringify(issue.description), new RegExp(`${number}.*The export drops rows`));
      assert.deepEqual(
        { key: event.data.key, id: event.data.id, url: event.data.url, operation: event.data.operation },
        { key: issue.key, id: issue.id, url: `${jira.url}/browse/${issue.key}`, operation: 'create_issue' },
      );
      const ticket = await sys.tickets.settle(number);
      assert.equal(ticket.fields.jira_issue_key, issue.key);
      const row = await sys.db
        .selectFrom('tickets')
        .select('fields')
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      assert.equal((row.fields as Record<string, unknown>).jira_issue_key, issue.key, 'the read model has the key');
      assert.equal(jira.issues.filter((i) => i.labels.includes(`ticketflow-${number}`)).length, 1);
    });

    it('retries a 500 and still makes one issue', async () => {
      const creates = jira.creates;
      jira.failNext(2);
      const number = await escalated(sys);
      const event = await jiraEvent(sys, number);
      assert.equal(event.type, 'integration_succeeded');
      assert.equal(jira.creates, creates + 1, 'one issue');
      assert.equal((await sys.tickets.settle(number)).fields.jira_issue_key, event.data.key);
    });

    // That a refusal is not retried: the adapter's requests and the registry's final failure, in jira-adapter.test.ts.
    it('records bad fields as refused with Jira’s message, and the ticket stays escalated', async () => {
      jira.projects.delete('ENG');
      try {
        const number = await escalated(sys);
        const event = await jiraEvent(sys, number);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'refused');
        assert.match(String(event.data.message), /400.*project: valid project is required/);
        assert.equal((await sys.tickets.settle(number)).state, 'escalated');
      } finally {
        jira.projects.add('ENG');
      }
    });
  });

  describe('jira down', () => {
    it('opens the circuit: the call fails fast as unavailable and the ticket moves on meanwhile', async () => {
      const jira = await startLocalJira();
      // Three failed calls open the circuit: the fourth attempt, 7 s in, fails fast.
      const sys = await startTestSystem({
        integrations: { jira: jira.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 3 },
      });
      try {
        await jira.down();
        const number = await escalated(sys);
        // Engineering answers through another channel while the call is still being retried.
        const fixed = await sys.tickets.deliverSignal(number, {
          name: 'jira.issue_resolved',
          payload: { issue_key: 'ENG-99' },
          idempotencyKey: 'fixed-1',
          source: 'jira',
        });
        assert.equal(fixed.ticket.state, 'investigating');
        const event = await jiraEvent(sys, number, 40_000);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'unavailable');
        assert.equal(jira.creates, 0);
      } finally {
        await sys.stop();
        await jira.stop();
      }
    });
  });

  describe('jira not configured', () => {
    it('records the call as not configured and goes on', async () => {
      const sys = await startTestSystem();
      try {
        const number = await escalated(sys);
        const event = await jiraEvent(sys, number);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'not_configured');
        assert.equal((await sys.tickets.settle(number)).fields.jira_issue_key, undefined);
      } finally {
        await sys.stop();
      }
    });
  });
});
