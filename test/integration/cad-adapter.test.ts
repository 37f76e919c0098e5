// The CAD adapter (activities/integrations/cad/adapter.ts) against a local Autodesk Platform Services
// (test/support/vendors/aps.ts), called directly: no workflow, no Temporal, so each case costs a few
// requests instead of a ticket and the retry policy's waits. What it reads of a drawing (its tip version,
// asked for when the item's answer lacks it), drawings of another project, a token renewed once, which
// answers are refusals with APS's words (unknown item or project, no item id, revoked credentials) and
// which may pass (a 500), and what the registry makes of them: refused and an open circuit are final,
// a 500 is retried, no settings is not configured. integration-cad.test.ts keeps the end-to-end runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cadAdapter } from '../../activities/integrations/cad/adapter.js';
import type { Adapter, AdapterCall } from '../../activities/integrations/types.js';
import { INTEGRATION_REFUSED, INTEGRATION_UNAVAILABLE } from '../../workflows/ticket/model.js';
import { applicationFailure, integrationsWithoutDb, notRefused, refused } from '../support/vendors/adapter-calls.js';
import { APS_PROJECT, startLocalAps, type LocalAps } from '../support/vendors/aps.js';

const BRACKET = 'urn:adsk.wipprod:dm.lineage:hC6k4hndRWaeIVhIjvHu8w';
const BOLT = 'urn:adsk.wipprod:dm.lineage:Qm9sdC0yMDAtYWx0';
const BRACKET_LINK = (aps: LocalAps) =>
  `${aps.url}/docs/files/projects/${APS_PROJECT.slice(2)}?entityId=${encodeURIComponent(
    'urn:adsk.wipprod:fs.file:vf.hC6k4hndRWaeIVhIjvHu8w?version=3',
  )}`;

const readDrawing = (item: string): AdapterCall => ({
  operation: 'read_drawing',
  ticketNumber: 'ECR-000001',
  effectId: 'run-1',
  values: { item },
});

describe('cad adapter', () => {
  let aps: LocalAps;
  let cad: Adapter;

  before(async () => {
    aps = await startLocalAps();
    cad = cadAdapter(aps.settings, 2000);
  });
  after(() => aps.stop());

  it('reads the drawing’s latest version: its link, revision and name', async () => {
    const made = await cad.call(readDrawing(BRACKET));
    const link = BRACKET_LINK(aps);
    assert.deepEqual(made, {
      id: BRACKET,
      key: 'Bracket A-100.dwg v3',
      url: link,
      results: {
        link,
        revision: '3',
        name: 'Bracket A-100.dwg',
        version_id: 'urn:adsk.wipprod:fs.file:vf.hC6k4hndRWaeIVhIjvHu8w?version=3',
      },
    });
  });

  it('reads a drawing of another project named as <project id>/<item id>', async () => {
    const made = await cad.call(readDrawing(`b.other-project/${BOLT}`));
    assert.equal(made.key, 'Bolt B-200.dwg v1');
    assert.equal(made.results.revision, '1');
  });

  it('asks for the tip version when the item’s answer does not include it', async () => {
    await cad.call(readDrawing(BRACKET)); // a token is held
    aps.includeTip = false;
    try {
      const requests = aps.requests;
      assert.equal((await cad.call(readDrawing(BRACKET))).key, 'Bracket A-100.dwg v3');
      assert.equal(aps.requests - requests, 2, 'the item, then its tip');
    } finally {
      aps.includeTip = true;
    }
  });

  it('fails a 500 as something a retry may mend, and the retry reads the drawing', async () => {
    aps.failNext(2);
    await notRefused(cad.call(readDrawing(BRACKET)), /APS answered 500: INTERNAL_ERROR: An internal error occurred/);
    await notRefused(cad.call(readDrawing(BRACKET)), /APS answered 500/);
    const made = await cad.call(readDrawing(BRACKET));
    assert.equal(made.results.revision, '3');
  });

  it('renews an expired token once and goes on', async () => {
    await cad.call(readDrawing(BRACKET)); // a token is held
    const tokens = aps.tokens;
    aps.expireTokens();
    assert.equal((await cad.call(readDrawing(BRACKET))).key, 'Bracket A-100.dwg v3');
    assert.equal(aps.tokens, tokens + 1, 'one new token');
  });

  it('refuses an unknown item, an unknown project and a drawing that is no item id, with APS’s words', async () => {
    await cad.call(readDrawing(BRACKET)); // a token is held
    const requests = aps.requests;
    await refused(
      cad.call(readDrawing('urn:adsk.wipprod:dm.lineage:doesNotExist000')),
      404,
      /APS answered 404: NOT_FOUND: The item urn:adsk.wipprod:dm.lineage:doesNotExist000 was not found/,
    );
    await refused(
      cad.call(readDrawing(`b.no-such-project/${BRACKET}`)),
      404,
      /404.*NOT_FOUND: The project b.no-such-project was not found/,
    );
    await refused(
      cad.call(readDrawing('bracket-final.dwg')),
      400,
      /'bracket-final.dwg' is not a drawing: give an APS item id/,
    );
    await refused(cad.call(readDrawing(`x.project/${BRACKET}`)), 400, /'x.project' is not an APS project id/);
    assert.equal(aps.requests - requests, 2, 'one request each for the two ids, none for the bad inputs');
  });

  it('refuses a drawing without a project when APS_PROJECT_ID is unset', async () => {
    const noProject = { ...aps.settings, projectId: undefined };
    const requests = aps.requests;
    await refused(cadAdapter(noProject, 2000).call(readDrawing(BRACKET)), 400, /names no project and APS_PROJECT_ID/);
    assert.equal(aps.requests, requests);
  });

  it('refuses revoked credentials with the token endpoint’s answer', async () => {
    aps.clientSecret = 'rotated';
    aps.expireTokens();
    try {
      await refused(
        cad.call(readDrawing(BRACKET)),
        401,
        /APS answered 401: invalid_client: The client credentials are invalid/,
      );
    } finally {
      aps.clientSecret = aps.settings.clientSecret;
    }
  });

  it('refuses an operation it does not have', async () => {
    await refused(cad.call({ ...readDrawing(BRACKET), operation: 'write_drawing' }), 0, /cad has no operation/);
  });
});

describe('cad through the registry', () => {
  let aps: LocalAps;

  before(async () => {
    aps = await startLocalAps();
  });
  after(() => aps.stop());

  const call = { operation: 'read_drawing', ticketNumber: 'ECR-000001', effectId: 'run-1' };

  it('gives a read drawing as done, a refusal as final with its status, a 500 as retryable', async () => {
    const integrations = integrationsWithoutDb({ cad: aps.settings, requestTimeoutMs: 2000 });
    const done = await integrations.invoke('cad', { ...call, values: { item: BRACKET } });
    assert.equal(done.outcome === 'done' && done.made.key, 'Bracket A-100.dwg v3');
    await applicationFailure(integrations.invoke('cad', { ...call, values: { item: 'bracket-final.dwg' } }), {
      type: INTEGRATION_REFUSED,
      nonRetryable: true,
      words: /'bracket-final.dwg' is not a drawing/,
      details: [{ status: 400 }],
    });
    aps.failNext(1);
    await applicationFailure(integrations.invoke('cad', { ...call, values: { item: BRACKET } }), {
      type: 'VendorError',
      nonRetryable: false,
      words: /^cad: APS answered 500/,
    });
  });

  it('opens the circuit after failed calls: then calls fail fast as unavailable', async () => {
    const integrations = integrationsWithoutDb({ cad: aps.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 3 });
    await aps.down();
    try {
      for (let i = 0; i < 3; i++)
        await applicationFailure(integrations.invoke('cad', { ...call, values: { item: BRACKET } }), {
          type: 'VendorError',
          nonRetryable: false,
        });
    } finally {
      await aps.up();
    }
    const requests = aps.requests;
    await applicationFailure(integrations.invoke('cad', { ...call, values: { item: BRACKET } }), {
      type: INTEGRATION_UNAVAILABLE,
      nonRetryable: true,
      words: /cad is unavailable/,
    });
    assert.equal(aps.requests, requests, 'an open circuit calls nobody');
  });

  it('keeps the circuit closed through refusals: APS answering says nothing about APS being down', async () => {
    const integrations = integrationsWithoutDb({ cad: aps.settings, requestTimeoutMs: 2000, breakerMinimumCalls: 3 });
    for (let i = 0; i < 5; i++)
      await applicationFailure(
        integrations.invoke('cad', { ...call, values: { item: 'urn:adsk.wipprod:dm.lineage:doesNotExist000' } }),
        { type: INTEGRATION_REFUSED, nonRetryable: true, details: [{ status: 404 }] },
      );
  });

  it('answers not configured without APS settings', async () => {
    const integrations = integrationsWithoutDb({});
    assert.deepEqual(await integrations.invoke('cad', { ...call, values: { item: BRACKET } }), {
      outcome: 'not_configured',
    });
  });
});
