// The CAD integration end to end: a new engineering change reads its drawing over HTTP from a local
// Autodesk Platform Services (test/support/vendors/aps.ts) and stores the drawing's link and revision
// into the ticket. A 500 is retried; an expired token is renewed; APS down long enough opens the
// circuit (unavailable) while the ticket moves on; refusals (an unknown item or project, a drawing
// that is no item id, revoked credentials) are recorded at once, with APS's words; without APS
// settings the call is recorded as not configured.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APS_PROJECT, startLocalAps, type LocalAps } from '../support/vendors/aps.js';
import { eventually, startTestSystem, type TestSystem } from '../support/system.js';

const BRACKET = 'urn:adsk.wipprod:dm.lineage:hC6k4hndRWaeIVhIjvHu8w';
const BOLT = 'urn:adsk.wipprod:dm.lineage:Qm9sdC0yMDAtYWx0';

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

  it('reads a drawing of another project named as <project id>/<item id>', async () => {
    const number = await submitted(sys, `b.other-project/${BOLT}`);
    assert.equal((await cadEvent(sys, number)).data.key, 'Bolt B-200.dwg v1');
    assert.equal((await sys.tickets.settle(number)).fields.drawing_revision, '1');
  });

  it('asks for the tip version when the item’s answer does not include it', async () => {
    aps.includeTip = false;
    try {
      const requests = aps.requests;
      const number = await submitted(sys, BRACKET);
      assert.equal((await cadEvent(sys, number)).data.key, 'Bracket A-100.dwg v3');
      assert.equal(aps.requests - requests, 2, 'the item, then its tip');
    } finally {
      aps.includeTip = true;
    }
  });

  it('retries a 500 and then reads the drawing', async () => {
    aps.failNext(2);
    const number = await submitted(sys, BRACKET);
    assert.equal((await cadEvent(sys, number)).type, 'integration_succeeded');
    assert.equal((await sys.tickets.settle(number)).fields.drawing_revision, '3');
  });

  it('renews an expired token once and goes on', async () => {
    await cadEvent(sys, await submitted(sys, BRACKET)); // a token is held
    const tokens = aps.tokens;
    aps.expireTokens();
    const number = await submitted(sys, BRACKET);
    assert.equal((await cadEvent(sys, number)).type, 'integration_succeeded');
    assert.equal(aps.tokens, tokens + 1, 'one new token');
  });

  it('records an unknown item, an unknown project and a drawing that is no item id as refused', async () => {
    const requests = aps.requests;
    const unknownItem = await submitted(sys, 'urn:adsk.wipprod:dm.lineage:doesNotExist000');
    const unknownProject = await submitted(sys, `b.no-such-project/${BRACKET}`);
    const notAnItem = await submitted(sys, 'bracket-final.dwg');
    const message = async (number: string) => {
      const event = await cadEvent(sys, number);
      assert.equal(event.data.reason, 'refused');
      return String(event.data.message);
    };
    assert.match(
      await message(unknownItem),
      /404.*NOT_FOUND: The item urn:adsk.wipprod:dm.lineage:doesNotExist000 was not found/,
    );
    assert.match(await message(unknownProject), /404.*NOT_FOUND: The project b.no-such-project was not found/);
    assert.match(await message(notAnItem), /'bracket-final.dwg' is not a drawing: give an APS item id/);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a retry would come after 1 s
    assert.equal(aps.requests - requests, 2, 'one request each for the two ids, none for the bad input, no retry');
    assert.equal((await sys.tickets.settle(notAnItem)).fields.drawing_link, undefined);
  });

  it('records revoked credentials as refused with the token endpoint’s answer', async () => {
    aps.clientSecret = 'rotated';
    aps.expireTokens();
    try {
      const number = await submitted(sys, BRACKET);
      const event = await cadEvent(sys, number);
      assert.equal(event.data.reason, 'refused');
      assert.match(String(event.data.message), /401.*invalid_client: The client credentials are invalid/);
    } finally {
      aps.clientSecret = aps.settings.clientSecret;
    }
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
