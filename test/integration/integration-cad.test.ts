// The CAD integration end to end, once each way through the workflow: a new engineering change reads
// its drawing over HTTP from a local Autodesk Platform Services (test/support/vendors/aps.ts) and stores
// the drawing's link and revision into the ticket; a refusal is recorded on the timeline, with APS's
// words, and stores nothing; APS down long enough opens the circuit (unavailable) while the ticket moves
// on; without APS settings the call is recorded as not configured. What the adapter does with each APS
// answer (tip versions, other projects, a 500, token renewal, every refusal) is in cad-adapter.test.ts,
// without a workflow. The three parts share nothing mutable and run at the same time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APS_PROJECT, startLocalAps, type LocalAps } from '../support/vendors/aps.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

const BRACKET = 'urn:adsk.wipprod:dm.lineage:hC6k4hndRWaeIVhIjvHu8w';

/** A new engineering-change ticket for `drawing` (its creation runs read_drawing). */
async function submitted(sys: TestSystem, drawing: string) {
  const erin = await sys.person('erin.employee@example.com');
  const { ticket } = await sys.tickets.create(
    {
      process: 'engineering-change',
      title: 'Thicker bracket',
      requester: { userId: erin.userId },
      fields: { drawing, part_number: 'A-100', quantity: 40 },
    },
    erin,
  );
  return ticket.number;
}

const cadEvent = (sys: TestSystem, number: string, timeoutMs = 30_000) =>
  eventually(
    async () =>
      (await sys.tickets.timeline(number)).events.find(
        (e) => e.type.startsWith('integration_') && e.data.system === 'cad',
      ),
    timeoutMs,
    `the cad call on ${number}'s timeline`,
  );

describe('cad', { concurrency: true }, () => {
  describe('cad integration', () => {
    let aps: LocalAps;
    let sys: TestSystem;

    before(async () => {
      aps = await startLocalAps();
      // The circuit has a test of its own below: here it never opens, whatever earlier tests failed.
      sys = await startTestSystem({
        integrations: { cad: aps.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 1000 },
      });
    });
    after(async () => {
      await sys.stop();
      await aps.stop();
    });

    it('reads the drawing’s latest version and stores its link and revision in the ticket', async () => {
      const number = await submitted(sys, BRACKET);
      const event = await cadEvent(sys, number);
      assert.equal(event.type, 'integration_succeeded');
      assert.equal(event.data.operation, 'read_drawing');
      assert.equal(event.data.id, BRACKET);
      assert.equal(event.data.key, 'Bracket A-100.dwg v3');
      const link = `${aps.url}/docs/files/projects/${APS_PROJECT.slice(2)}?entityId=${encodeURIComponent(
        'urn:adsk.wipprod:fs.file:vf.hC6k4hndRWaeIVhIjvHu8w?version=3',
      )}`;
      assert.equal(event.data.url, link);
      const ticket = await sys.tickets.settle(number);
      assert.equal(ticket.fields.drawing_link, link);
      assert.equal(ticket.fields.drawing_revision, '3');
    });

    it('records a drawing that is no item id as refused, with the adapter’s words, and stores nothing', async () => {
      const notAnItem = await submitted(sys, 'bracket-final.dwg');
      const event = await cadEvent(sys, notAnItem);
      assert.equal(event.data.reason, 'refused');
      assert.match(String(event.data.message), /'bracket-final.dwg' is not a drawing: give an APS item id/);
      assert.equal((await sys.tickets.settle(notAnItem)).fields.drawing_link, undefined);
    });
  });

  describe('cad down', () => {
    it('opens the circuit: the call fails fast as unavailable and the ticket moves on meanwhile', async () => {
      const aps = await startLocalAps();
      // Three failed calls open the circuit: the fourth attempt, 7 s in, fails fast.
      const sys = await startTestSystem({
        integrations: { cad: aps.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 3 },
      });
      try {
        await aps.down();
        const number = await submitted(sys, BRACKET);
        const erik = await sys.person('erik.engineer@example.com');
        await sys.tickets.reassign(number, erik, { userId: erik.userId });
        const moved = await sys.tickets.move(number, erik, { transition: 'review' });
        assert.equal(moved.state, 'drawing_review', 'the ticket moves while the call is retried');
        const event = await cadEvent(sys, number, 40_000);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'unavailable');
        assert.match(String(event.data.message), /cad is unavailable/);
      } finally {
        await sys.stop();
        await aps.stop();
      }
    });
  });

  describe('cad not configured', () => {
    it('records the call as not configured and goes on', async () => {
      const sys = await startTestSystem();
      try {
        const number = await submitted(sys, BRACKET);
        const event = await cadEvent(sys, number);
        assert.equal(event.type, 'integration_failed');
        assert.equal(event.data.reason, 'not_configured');
        assert.equal((await sys.tickets.settle(number)).fields.drawing_link, undefined);
      } finally {
        await sys.stop();
      }
    });
  });
});
