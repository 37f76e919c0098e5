// What the adapter tests (test/integration/*-adapter.test.ts) check of a failed vendor call, in one
// place: an adapter's refusal (VendorRefusal: a status and the vendor's words, which no retry changes),
// an adapter's failure that may pass (anything else: Temporal retries it), and what the registry makes
// of either for the workflow (ApplicationFailure: refused and unavailable final, VendorError retried).
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { createIntegrations, type IntegrationSettings } from '../../../activities/integrations/registry.js';
import { VendorRefusal } from '../../../activities/integrations/types.js';
import type { Db } from '../../../platform/store/db.js';

/** The registry without a database: invoke and orderStatus never read one (only call resolves inputs there). */
export const integrationsWithoutDb = (settings: IntegrationSettings) =>
  createIntegrations(undefined as unknown as Db, settings);

/** Awaits a call that must fail as a refusal with `status` and words matching `words`. */
export async function refused(call: Promise<unknown>, status: number, words: RegExp): Promise<VendorRefusal> {
  const error = await failureOf(call);
  assert.ok(error instanceof VendorRefusal, `a refusal, not ${String(error)}`);
  assert.equal(error.status, status);
  assert.match(error.message, words);
  return error;
}

/** Awaits a call that must fail in a way a retry may mend: not a refusal. */
export async function notRefused(call: Promise<unknown>, words?: RegExp): Promise<Error> {
  const error = await failureOf(call);
  assert.ok(error instanceof Error && !(error instanceof VendorRefusal), `a failure that may pass: ${String(error)}`);
  if (words) assert.match(error.message, words);
  return error;
}

/** Awaits a registry call that must fail as the workflow sees it: type, retryable or not, and words. */
export async function applicationFailure(
  call: Promise<unknown>,
  expected: { type: string; nonRetryable: boolean; words?: RegExp; details?: unknown[] },
): Promise<ApplicationFailure> {
  const error = await failureOf(call);
  assert.ok(error instanceof ApplicationFailure, `an ApplicationFailure, not ${String(error)}`);
  assert.equal(error.type, expected.type);
  assert.equal(error.nonRetryable, expected.nonRetryable);
  if (expected.words) assert.match(error.message, expected.words);
  if (expected.details) assert.deepEqual(error.details, expected.details);
  return error;
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  assert.fail('the call succeeded');
}
