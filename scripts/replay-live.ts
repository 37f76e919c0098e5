// `npm run replay:live`: before a deploy, replays a sample of a cluster's recent ticket workflows (the
// running first) against this checkout's workflow code. A change that would break running tickets is
// found here, not by workers after the deploy. It reaches Temporal as the other processes do
// (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE) and only reads: it lists workflows and downloads histories.
//
//   TEMPORAL_ADDRESS=… TEMPORAL_NAMESPACE=… npm run replay:live -- [--limit 200] [--query "<visibility query>"]
//
// Prints a line per workflow run and a summary; exits 1 when a replay fails or nothing was replayed
// (a wrong namespace or query must not pass for a clean check), 2 on bad arguments.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadConfigOrExit } from '../platform/config.js';
import { temporalAddress, temporalConnectionOptions } from '../temporal/client.js';

const usage = 'usage: npm run replay:live -- [--limit <runs, default 100>] [--query <visibility query>]';
let options: { limit: string; query: string };
try {
  options = parseArgs({
    options: {
      limit: { type: 'string', default: '100' },
      query: { type: 'string', default: "WorkflowType = 'ticketWorkflow'" },
    },
  }).values;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
const limit = Number(options.limit);
if (!Number.isInteger(limit) || limit < 1) {
  process.stderr.write(`--limit must be a positive whole number\n${usage}\n`);
  process.exit(2);
}

const config = loadConfigOrExit();
const say = (line: string) => process.stdout.write(`${line}\n`);
// The SDK's INFO lines (replay worker started, bundler statistics) would bury the progress.
const logger = new DefaultLogger('WARN');
Runtime.install({ logger });

const address = temporalAddress(config);
const connection = await Connection.connect(temporalConnectionOptions(address));
const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
say(`Replaying up to ${limit} workflow runs of ${config.TEMPORAL_NAMESPACE} at ${address} (${options.query})…`);

const workflowsPath = createRequire(import.meta.url).resolve('../workflows/index.ts');
const { code } = await bundleWorkflowCode({ workflowsPath, logger });

/** The first `limit` histories the query lists (visibility lists running workflows, then the most
 * recently closed); each run of a ticket that continued as new is a history of its own. */
let runId = '';
async function* sample() {
  let taken = 0;
  const histories = client.workflow.list({ query: options.query, pageSize: Math.min(limit, 1000) }).intoHistories();
  for await (const history of histories) {
    // The replayer runs one history at a time: the result that follows is this run's.
    const { events } = history.history as temporal.api.history.v1.IHistory;
    runId = events?.[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? '?';
    yield history;
    if (++taken >= limit) return;
  }
}

const failed: { workflowId: string; runId: string; error: string }[] = [];
let replayed = 0;
for await (const result of Worker.runReplayHistories(
  { workflowBundle: { code }, replayName: 'replay-live' },
  sample(),
)) {
  replayed += 1;
  if (result.error) {
    failed.push({ workflowId: result.workflowId, runId, error: String(result.error) });
    say(`FAIL ${result.workflowId} (run ${runId}): ${String(result.error)}`);
  } else {
    say(`ok   ${result.workflowId} (run ${runId})`);
  }
}
await connection.close();

say(`Replayed ${replayed} workflow runs: ${replayed - failed.length} ok, ${failed.length} failed.`);
for (const f of failed) say(`  ${f.workflowId} (run ${f.runId}): ${f.error}`);
if (replayed === 0) say('Nothing to replay: check TEMPORAL_NAMESPACE and --query.');
process.exit(failed.length > 0 || replayed === 0 ? 1 : 0);
