// Records the workflow histories of the scenarios named on the command line into test/histories/, for
// the replay test, and adds them to its manifest (MANIFEST.json: the patches each holds, the SDK, the
// commit). Histories are only ever ADDED: when workflow code changes, record new ones beside the old
// (a new batch suffix, <date>[letter], chosen here); never re-record a file to make a replay pass.
//
//   TEST_DATABASE_URL=postgres://… npx tsx test/record-histories.ts <scenario>… | all
//
// The scenarios are the keys of SCENARIOS below. It needs what `npm test` provides: the Temporal CLI
// (installed by npm test) and a Postgres server.
import { AppError } from '../platform/errors.js';
import { publishDefinition } from '../platform/processes/processes.js';
import { loadSampleProcess } from '../platform/processes/samples.js';
import { setUserStatus } from '../platform/people/users.js';
import { startMailCatcher } from '../platform/mail/catcher.js';
import { fastItSupport } from './support/fast-process.js';
import { startLocalErp, type LocalErp } from './support/vendors/erp.js';
import { startLocalJira } from './support/vendors/jira.js';
import { startLocalSalesforce } from './support/vendors/salesforce.js';
import { startPushService } from './support/push-service.js';
import { vapidKeys } from '../platform/push/keys.js';
import { publishUnchecked } from './support/runaway-process.js';
import { batchSuffix, saveRuns as saveRunsOf, type Recording } from './support/history-recorder.js';
import { eventually, startTestSystem, type TestSystem } from './support/system.js';
import type { ProcessDefinition } from '../workflows/process/definition.js';
import type { Person } from '../workflows/ticket/model.js';
import { setPriorityUpdate } from '../workflows/ticket/messages.js';
import { createMacroService } from '../platform/macros/service.js';

/** What each scenario records, as the manifest describes it. */
const SCENARIOS: Record<string, string> = {
  'it-support-full':
    'it-support: SLA at risk and breached, every kind of update, a wait with a business clock paused and resumed, a signal and its duplicate, resolve, the auto_close timer; continues as new on the way',
  'it-support-withdrawn': 'it-support withdrawn by its requester',
  'engineering-change':
    'engineering-change with no integration configured: a timeline signal, the order placed by hand, a transition signal, close; continues as new',
  'customer-case-reopen-window':
    'customer-case with nobody to assign (tier 1 away), signals with long texts (stored texts), a reopen window and the auto_close timer',
  'attachments-retried-update': 'an attachment, and an update retried with the same id after the run continued as new',
  'group-handoff':
    'a coordinator hands an it-support ticket to engineering, an engineer works it (people carry their group keys)',
  'it-support-reopen':
    "resolved, reopened (the resolution clock's second cycle, at risk and breached), resolved again, auto-closed",
  'runaway-automation':
    'a process with a cycle of automatic transitions (published before such cycles were refused): the workflow halts the run across continue-as-new, a person finishes it',
  'customer-case-escalated':
    'customer-case escalated to Jira (a 500 retried, then created), a public comment mirrored to the issue, the fix as a signal, a second escalation refused by Jira',
  'engineering-change-erp':
    'engineering-change with the ERP: the approval places an order (lookup retried after a 500), polled every second across continue-as-new, the shipment arrives as a signal, the order closed',
  'engineering-change-erp-refused':
    "engineering-change moved on by hand before the ERP's shipment: the signal is refused and recorded; a repair sync",
  'customer-case-salesforce':
    'customer-case resolved while its Salesforce Case is still being created (the create retried after 500s): the update waits for it',
  'it-support-replies':
    "it-support: staff's first public reply stops the first response clock (an internal note does not), the requester's reply while waiting takes the ticket back to work, resolve, the auto_close timer",
  'staff-only-fields':
    "it-support with the staff-only fields rule: the requester's move setting Resolution refused (no trace), staff start and resolve with it, the requester closes",
  'engineering-change-erp-late':
    'engineering-change whose ERP create answer is lost and the order ships before the retry finds it: the ticket moves on',
  'it-support-macro':
    'it-support worked by macros (Workflow Update macro): start with an internal note mentioning a coordinator, a macro refused at its transition (no trace), resolve with a public reply, the resolution, a priority and the transition in one update',
  'it-support-quiet-continue':
    'it-support changed in a burst past the run cap (12 here): the run continues as new only once the ticket has been quiet for a second, then a change lands in the next run',
  'it-support-mention':
    'it-support: an internal note mentioning a coordinator of the group (notified in the app and by Web Push) and an employee (not mentioned), then resolved',
};
// Former names of two scenarios, still taken.
const ALIASES: Record<string, string> = {
  'customer-case': 'customer-case-reopen-window',
  attachments: 'attachments-retried-update',
};
const named = process.argv
  .slice(2)
  .flatMap((a) => a.split(','))
  .filter(Boolean)
  .map((a) => ALIASES[a] ?? a);
const unknown = named.filter((n) => n !== 'all' && !(n in SCENARIOS));
if (named.length === 0 || unknown.length > 0) {
  if (unknown.length > 0) process.stderr.write(`unknown scenario: ${unknown.join(', ')}\n`);
  process.stderr.write(
    `usage: npx tsx test/record-histories.ts <scenario>… | all\nscenarios: ${Object.keys(SCENARIOS).join(', ')}\n`,
  );
  process.exit(2);
}
const want = (name: string) => named.includes('all') || named.includes(name);
const suffix = batchSuffix();
const saveRuns = (sys: TestSystem, scenario: string, workflowId: string) =>
  saveRunsOf(sys, { suffix, scenario, covers: SCENARIOS[scenario]! } satisfies Recording, workflowId);

/** The customer-case sample closing a second after it is resolved, so that its workflow completes. */
function quicklyClosedCustomerCase(): ProcessDefinition {
  const customerCase = structuredClone(loadSampleProcess('customer-case')) as ProcessDefinition;
  customerCase.states.find((s) => s.key === 'resolved')!.timers = [{ after: 'PT1S', transition: 'auto_close' }];
  customerCase.reopenWindow = 'PT2S';
  return customerCase;
}

/** An engineering change, reviewed, on a system of its own with a local ERP (polled every second);
 * its people by that system's own seed, whose ids differ from the main system's. */
async function withReviewedChange(
  title: string,
  fields: Record<string, unknown>,
  work: (erpSys: TestSystem, erp: LocalErp, carl: Person, ecr: string) => Promise<void>,
  options: { continueAsNewAfter?: number } = {},
): Promise<void> {
  const erp = await startLocalErp();
  const erpSys = await startTestSystem({ ...options, integrations: { erp: erp.settings(1000) } });
  try {
    const erin = await erpSys.person('erin.employee@example.com');
    const erik = await erpSys.person('erik.engineer@example.com');
    const carl = await erpSys.person('carl.coordinator@example.com');
    const { number } = (
      await erpSys.tickets.create(
        { process: 'engineering-change', title, requester: { userId: erin.userId }, fields },
        erin,
      )
    ).ticket;
    await erpSys.tickets.move(number, erik, { transition: 'review' });
    await work(erpSys, erp, carl, number);
  } finally {
    await erpSys.stop();
    await erp.stop();
  }
}

// Notifications send real mail and Web Push (to a local push service) and Jira actions call a (local)
// Jira, so histories hold those activities too.
const mail = await startMailCatcher();
const jira = await startLocalJira();
const push = await startPushService();
const sys = await startTestSystem({ continueAsNewAfter: 12, smtpUrl: mail.url, integrations: { jira: jira.settings } });
try {
  // Erin's and Sam's browsers are opted in to Web Push; Sam's unsubscribed (410) before the first message.
  const { publicKey } = await vapidKeys(sys.db, {});
  for (const email of ['erin.employee@example.com', 'sam.agent@example.com']) {
    const browser = push.subscribe(publicKey);
    if (email.startsWith('sam')) push.answer(browser, 410);
    const { endpoint, keys } = browser.subscription;
    const user = await sys.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    await sys.db
      .insertInto('push_subscriptions')
      .values({ user_id: user.id, endpoint, p256dh: keys.p256dh, auth: keys.auth })
      .execute();
  }
  await publishDefinition(
    sys.db,
    fastItSupport({ autoClose: 'PT2S', firstResponse: 'PT1S', resolution: 'PT3S' }),
    'recorder',
  );
  const erin = await sys.person('erin.employee@example.com');
  const sam = await sys.person('sam.agent@example.com');
  const cora = await sys.person('cora.coordinator@example.com');
  const carl = await sys.person('carl.coordinator@example.com');
  const erik = await sys.person('erik.engineer@example.com');
  const create = async (process: string, title: string, fields: Record<string, unknown>) =>
    (await sys.tickets.create({ process, title, requester: { userId: erin.userId }, fields }, erin)).ticket.number;

  // it-support: SLA at risk and breached, every kind of update, a wait with pause/resume of a business
  // clock, a signal and its duplicate, resolve, and the auto_close timer; continues as new on the way.
  if (want('it-support-full')) {
    const full = await create('it-support', 'Full path', { category: 'hardware' });
    await eventually(async () =>
      (await sys.tickets.timeline(full)).events.some((e) => e.type === 'sla_breached') ? true : undefined,
    );
    await sys.tickets.move(full, sam, { transition: 'start' });
    await sys.tickets.reassign(full, cora, { userId: sam.userId });
    await sys.tickets.setPriority(full, cora, { priority: 'urgent' });
    await sys.tickets.setFields(full, sam, { fields: { category: 'software' } });
    await sys.tickets.comment(full, erin, { body: 'Any news?', visibility: 'public' });
    await sys.tickets.move(full, sam, { transition: 'ask_requester', fields: { question: 'Which laptop?' } });
    await sys.tickets.deliverSignal(full, {
      name: 'requester.replied',
      payload: { message: 'The grey one' },
      idempotencyKey: 'r-1',
      source: 'mail',
    });
    await sys.tickets.deliverSignal(full, {
      name: 'requester.replied',
      payload: { message: 'The grey one' },
      idempotencyKey: 'r-1',
      source: 'mail',
    });
    await sys.tickets.move(full, sam, { transition: 'resolve', fields: { resolution: 'Replaced it.' } });
    await saveRuns(sys, 'it-support-full', full);
  }

  // it-support: an internal note's mentions notify the staff it names who may read it.
  if (want('it-support-mention')) {
    const mentioned = await create('it-support', 'Mentioned', { category: 'hardware' });
    await sys.tickets.move(mentioned, sam, { transition: 'start' });
    await sys.tickets.comment(mentioned, sam, {
      body: '@cora.coordinator can you approve? (@erin.employee asked)',
      visibility: 'internal',
    });
    await eventually(async () =>
      (await sys.tickets.timeline(mentioned)).events.some(
        (e) => e.type === 'notified' && (e.data as { event?: string }).event === 'mentioned',
      )
        ? true
        : undefined,
    );
    await sys.tickets.move(mentioned, sam, { transition: 'resolve', fields: { resolution: 'Approved.' } });
    await saveRuns(sys, 'it-support-mention', mentioned);
  }

  // A burst of changes past the cap: the run waits for a quiet second before it continues as new.
  if (want('it-support-quiet-continue')) {
    const busy = await create('it-support', 'Busy, then quiet', { category: 'hardware' });
    const firstRun = (await sys.temporal.workflow.getHandle(busy).describe()).runId;
    await sys.tickets.move(busy, sam, { transition: 'start' });
    for (let i = 0; i < 14; i++)
      await sys.tickets.setFields(busy, sam, { fields: { category: i % 2 ? 'network' : 'access' } });
    await eventually(async () =>
      (await sys.temporal.workflow.getHandle(busy).describe()).runId !== firstRun ? true : undefined,
    );
    await sys.tickets.setPriority(busy, cora, { priority: 'high' });
    await sys.tickets.move(busy, sam, { transition: 'resolve', fields: { resolution: 'Calmer now.' } });
    await saveRuns(sys, 'it-support-quiet-continue', busy);
  }

  // it-support worked by macros: each one Workflow Update of its parts; a refused one leaves no trace.
  if (want('it-support-macro')) {
    const macros = createMacroService(sys.db);
    const macro = async (name: string, parts: Record<string, unknown>) =>
      (await macros.create(cora, { kind: 'macro', name, group: 'service-desk', process: 'it-support', ...parts })).id;
    const start = await macro('Record: start', {
      body: '@cora.coordinator taking {{ticket.number}}',
      replyVisibility: 'internal',
      transition: 'start',
    });
    const early = await macro('Record: close', { transition: 'close' });
    const resolve = await macro('Record: resolve', {
      body: 'Fixed, {{requester.firstName}}.',
      fields: { resolution: 'Replaced the cable.' },
      priority: 'low',
      transition: 'resolve',
    });
    const ticket = await create('it-support', 'Macros', { category: 'network' });
    await sys.tickets.applyMacro(ticket, sam, { macro: start, updateId: 'macro-1' });
    await sys.tickets.applyMacro(ticket, sam, { macro: early }).then(
      () => {
        throw new Error('closing an open ticket was not refused');
      },
      (error: unknown) => {
        if (!(error instanceof AppError) || error.details.part !== 'transition') throw error;
      },
    );
    await sys.tickets.applyMacro(ticket, cora, { macro: resolve, updateId: 'macro-2' });
    await saveRuns(sys, 'it-support-macro', ticket);
  }

  // it-support: withdrawn by the requester.
  if (want('it-support-withdrawn')) {
    const withdrawn = await create('it-support', 'Withdrawn', { category: 'access' });
    await sys.tickets.move(withdrawn, erin, { transition: 'withdraw' });
    await saveRuns(sys, 'it-support-withdrawn', withdrawn);
  }

  // it-support's Resolution is set by staff only (patch staff-only-fields): the requester's attempt is
  // refused before it reaches the history; staff set it in their move.
  if (want('staff-only-fields')) {
    const ticket = await create('it-support', 'Staff-only fields', { category: 'software' });
    const refused = await sys.tickets
      .move(ticket, erin, { transition: 'withdraw', fields: { resolution: 'Fixed it myself' } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (!(refused instanceof AppError) || refused.details.reason !== 'INVALID_FIELD')
      throw new Error(`the requester's Resolution was not refused: ${String(refused)}`);
    await sys.tickets.move(ticket, sam, { transition: 'start' });
    await sys.tickets.move(ticket, sam, { transition: 'resolve', fields: { resolution: 'Reinstalled the driver.' } });
    await sys.tickets.move(ticket, erin, { transition: 'close' });
    await saveRuns(sys, 'staff-only-fields', ticket);
  }

  // engineering-change: integrations (skipped: not configured), a timeline signal, a coordinator placing
  // the order by hand, a transition signal, close.
  if (want('engineering-change')) {
    const ecr = await create('engineering-change', 'New bracket', {
      drawing: 'DWG-1',
      part_number: 'P-7',
      quantity: 3,
    });
    await sys.tickets.move(ecr, erik, { transition: 'review' });
    await sys.tickets.deliverSignal(ecr, {
      name: 'cad.revision_uploaded',
      payload: { revision: 'B' },
      idempotencyKey: 'cad-1',
      source: 'cad',
    });
    await sys.tickets.move(ecr, carl, { transition: 'approve' });
    await sys.tickets.move(ecr, carl, { transition: 'order_placed', fields: { order_id: 'PO-1' } });
    await sys.tickets.deliverSignal(ecr, {
      name: 'erp.order_shipped',
      payload: { order_id: 'PO-1' },
      idempotencyKey: 'erp-1',
      source: 'erp',
    });
    await sys.tickets.move(ecr, carl, { transition: 'close' });
    await saveRuns(sys, 'engineering-change', ecr);
  }

  // customer-case with nobody to assign (every tier-1 agent away) and a comment signal; a reopen window.
  if (want('customer-case-reopen-window')) {
    await setUserStatus(sys.db, 'tia.support@example.com', 'away');
    await setUserStatus(sys.db, 'tom.support@example.com', 'away');
    const customerCase = quicklyClosedCustomerCase();
    customerCase.transitions.push({
      key: 'reopen',
      label: 'Reopen',
      from: ['closed'],
      to: 'investigating',
      by: ['AGENT'],
    });
    await publishDefinition(sys.db, customerCase, 'recorder');
    const tia = await sys.person('tia.support@example.com');
    const acme = await create('customer-case', 'Acme outage', { account: 'ACME' });
    // The comment (longtext) and a `text` value over 200 characters reach the workflow as stored texts.
    await sys.tickets.deliverSignal(acme, {
      name: 'salesforce.case_updated',
      payload: { comment: 'Customer called', author: 'Salesforce user '.repeat(15) },
      idempotencyKey: 'sf-1',
      source: 'salesforce',
    });
    await sys.tickets.move(acme, tia, { transition: 'investigate' });
    await sys.tickets.move(acme, tia, { transition: 'propose', fields: { solution: 'Restart the router' } });
    await sys.tickets.deliverSignal(acme, {
      name: 'salesforce.case_accepted',
      payload: { case_id: 'C-1' },
      idempotencyKey: 'sf-2',
      source: 'salesforce',
    });
    await saveRuns(sys, 'customer-case-reopen-window', acme);
  }

  // An attachment, and an update retried with the same id after the run continued as new.
  if (want('attachments-retried-update')) {
    const ticket = await create('it-support', 'Attachments', { category: 'software' });
    await sys.tickets.attach(ticket, erin, {
      filename: 'log.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('boot log'),
    });
    const handle = sys.temporal.workflow.getHandle(ticket);
    const firstRun = (await handle.describe()).runId;
    const raise = () =>
      handle.executeUpdate(setPriorityUpdate, { args: [{ actor: cora, priority: 'high' }], updateId: 'retried-1' });
    await raise();
    for (let i = 0; (await handle.describe()).runId === firstRun; i++) {
      await sys.tickets.setFields(ticket, sam, { fields: { category: i % 2 ? 'network' : 'access' } });
    }
    await raise();
    await sys.tickets.move(ticket, erin, { transition: 'withdraw' });
    await saveRuns(sys, 'attachments-retried-update', ticket);
  }

  // Staff work the tickets of their groups: a coordinator hands an it-support ticket to engineering and
  // an engineer works it; the people in the updates carry their group keys.
  if (want('group-handoff')) {
    const handoff = await create('it-support', 'Handed over', { category: 'hardware' });
    await sys.tickets.settle(handoff);
    await sys.tickets.reassign(handoff, cora, { userId: erik.userId, group: 'engineering' });
    await sys.tickets.move(handoff, erik, { transition: 'start' });
    await sys.tickets.comment(handoff, erik, { body: 'Bench test first', visibility: 'internal' });
    await sys.tickets.move(handoff, erin, { transition: 'withdraw' });
    await saveRuns(sys, 'group-handoff', handoff);
  }

  const timelineHas = (number: string, type: string, sla?: string) =>
    eventually(async () =>
      (await sys.tickets.timeline(number)).events.some((e) => e.type === type && (!sla || e.data.sla === sla))
        ? true
        : undefined,
    );

  // it-support: resolved, reopened (the resolution clock's second cycle, at risk and breached), resolved
  // again and closed by the auto_close timer.
  if (want('it-support-reopen')) {
    const reopen = await create('it-support', 'Reopened', { category: 'network' });
    await sys.tickets.move(reopen, sam, { transition: 'start' });
    await sys.tickets.move(reopen, sam, { transition: 'resolve', fields: { resolution: 'Rebooted.' } });
    await sys.tickets.move(reopen, erin, { transition: 'reopen' });
    await timelineHas(reopen, 'sla_breached', 'resolution');
    await sys.tickets.move(reopen, sam, { transition: 'resolve', fields: { resolution: 'Replaced the switch.' } });
    await saveRuns(sys, 'it-support-reopen', reopen);
  }

  // it-support: an internal note leaves the first response clock running, the agent's public reply stops
  // it; asked a question, the requester replies in a comment, which takes the ticket back to work.
  if (want('it-support-replies')) {
    const replies = await create('it-support', 'Replies', { category: 'software' });
    await sys.tickets.comment(replies, sam, { body: 'Looking into it first.', visibility: 'internal' });
    await sys.tickets.comment(replies, sam, { body: 'On it.', visibility: 'public' });
    await timelineHas(replies, 'sla_stopped', 'first_response');
    await sys.tickets.move(replies, sam, { transition: 'start' });
    await sys.tickets.move(replies, sam, { transition: 'ask_requester', fields: { question: 'Since when?' } });
    await sys.tickets.comment(replies, erin, { body: 'Since Monday.', visibility: 'public' });
    await eventually(async () => ((await sys.tickets.get(replies)).state === 'in_progress' ? true : undefined));
    await sys.tickets.move(replies, sam, { transition: 'resolve', fields: { resolution: 'Updated it.' } });
    await saveRuns(sys, 'it-support-replies', replies);
  }

  // A process published before cycles of automatic transitions were refused: the workflow halts the
  // run (continuing as new on the way), then a person finishes the ticket.
  if (want('runaway-automation')) {
    await publishUnchecked(sys.db);
    const runaway = (
      await sys.tickets.create({ process: 'runaway', title: 'Runaway', requester: { userId: sam.userId } }, sam)
    ).ticket.number;
    await sys.tickets.move(runaway, sam, { transition: 'start' });
    await timelineHas(runaway, 'automation_halted');
    await sys.tickets.move(runaway, sam, { transition: 'finish' });
    await saveRuns(sys, 'runaway-automation', runaway);
  }

  // customer-case escalated to engineering: the Jira call fails once (500, retried), creates the issue and
  // stores its key; engineering's fix arrives as a signal; a second escalation finds Jira refusing.
  if (want('customer-case-escalated')) {
    await publishDefinition(sys.db, quicklyClosedCustomerCase(), 'recorder');
    const tia = await sys.person('tia.support@example.com');
    const escalation = await create('customer-case', 'Export drops rows', { account: 'ACME' });
    await sys.tickets.reassign(escalation, tia, { userId: tia.userId });
    await sys.tickets.move(escalation, tia, { transition: 'investigate' });
    jira.failNext(1);
    await sys.tickets.move(escalation, tia, { transition: 'escalate', fields: { escalation_reason: 'A bug' } });
    await timelineHas(escalation, 'integration_succeeded');
    // A reply goes onto the Jira issue (since 2026-12-02j); an internal note does not.
    await sys.tickets.comment(escalation, tia, { body: 'Only CSV exports lose rows.', visibility: 'public' });
    await sys.tickets.comment(escalation, tia, { body: 'Big account.', visibility: 'internal' });
    await timelineHas(escalation, 'comment_mirrored');
    await sys.tickets.deliverSignal(escalation, {
      name: 'jira.issue_resolved',
      payload: { issue_key: 'ENG-1' },
      idempotencyKey: 'jira-1',
      source: 'jira',
    });
    jira.projects.delete('ENG');
    await sys.tickets.move(escalation, tia, { transition: 'escalate', fields: { escalation_reason: 'Again' } });
    await eventually(async () =>
      (await sys.tickets.timeline(escalation)).events.some(
        (e) => e.type === 'integration_failed' && e.data.reason === 'refused',
      )
        ? true
        : undefined,
    );
    jira.projects.add('ENG');
    await sys.tickets.deliverSignal(escalation, {
      name: 'jira.issue_resolved',
      payload: { issue_key: 'ENG-1' },
      idempotencyKey: 'jira-2',
      source: 'jira',
    });
    await sys.tickets.move(escalation, tia, { transition: 'propose', fields: { solution: 'Patched' } });
    await sys.tickets.deliverSignal(escalation, {
      name: 'salesforce.case_accepted',
      payload: { case_id: 'C-2' },
      idempotencyKey: 'sf-3',
      source: 'salesforce',
    });
    await saveRuns(sys, 'customer-case-escalated', escalation);
  }

  // engineering-change with the ERP configured (a system of its own, so the scenario above keeps placing
  // the order by hand): the approval places an order (the lookup first fails with a 500 and is retried),
  // the workflow checks it every second, continues as new while it waits, and the shipment at the ERP
  // arrives as the erp.order_shipped signal; the order is closed (checks stop) and the ticket closed.
  if (want('engineering-change-erp')) {
    await withReviewedChange(
      'Bracket from the ERP',
      { drawing: 'DWG-2', part_number: 'P-8', quantity: 5 },
      async (erpSys, erp, carl, ecr) => {
        erp.failNext(1);
        await erpSys.tickets.move(ecr, carl, { transition: 'approve' });
        await eventually(async () => ((await erpSys.tickets.get(ecr)).state === 'ordering' ? true : undefined));
        const handle = erpSys.temporal.workflow.getHandle(ecr);
        const firstRun = (await handle.describe()).runId;
        for (let i = 0; (await handle.describe()).runId === firstRun; i++)
          await erpSys.tickets.comment(ecr, carl, { body: `Supplier says soon (${i})`, visibility: 'internal' });
        await eventually(async () => (erp.reads >= 2 ? true : undefined));
        erp.setStatus(erp.orders[0]!.OrderID, 'Shipped', 'TRACK-9');
        await eventually(async () => ((await erpSys.tickets.get(ecr)).state === 'implemented' ? true : undefined));
        erp.setStatus(erp.orders[0]!.OrderID, 'Closed');
        const reads = erp.reads;
        await eventually(async () => (erp.reads > reads ? true : undefined));
        await erpSys.tickets.move(ecr, carl, { transition: 'close' });
        await saveRuns(erpSys, 'engineering-change-erp', ecr);
      },
      { continueAsNewAfter: 12 },
    );
  }
  if (want('engineering-change-erp-refused')) {
    // Moved on by hand before the shipment: the ERP's signal is refused and recorded; and a repair sync.
    await withReviewedChange(
      'Bracket shipped late',
      { drawing: 'DWG-3', part_number: 'P-8', quantity: 2 },
      async (erpSys, erp, carl, ecr) => {
        await erpSys.tickets.move(ecr, carl, { transition: 'approve' });
        await eventually(async () => ((await erpSys.tickets.get(ecr)).state === 'ordering' ? true : undefined));
        await erpSys.tickets.move(ecr, carl, { transition: 'implement' });
        erp.setStatus(erp.orders[0]!.OrderID, 'Shipped', 'TRACK-10');
        await eventually(async () =>
          (await erpSys.tickets.timeline(ecr)).refused.some((r) => r.action === 'signal.refused') ? true : undefined,
        );
        await erpSys.tickets.repair(ecr);
        erp.setStatus(erp.orders[0]!.OrderID, 'Closed');
        const reads = erp.reads;
        await eventually(async () => (erp.reads > reads ? true : undefined));
        await erpSys.tickets.move(ecr, carl, { transition: 'close' });
        await saveRuns(erpSys, 'engineering-change-erp-refused', ecr);
      },
    );
  }
  if (want('customer-case-salesforce')) {
    // Resolved while its Case is still being made (the create retried after 500s): the update waits.
    const sf = await startLocalSalesforce();
    const sfSys = await startTestSystem({ integrations: { salesforce: sf.settings } });
    try {
      await publishDefinition(sfSys.db, quicklyClosedCustomerCase(), 'recorder');
      const erin = await sfSys.person('erin.employee@example.com');
      const tia = await sfSys.person('tia.support@example.com');
      sf.failNext(2);
      const number = (
        await sfSys.tickets.create(
          {
            process: 'customer-case',
            title: 'Export broken',
            requester: { userId: erin.userId },
            fields: { account: 'ACME' },
          },
          erin,
        )
      ).ticket.number;
      await sfSys.tickets.reassign(number, tia, { userId: tia.userId });
      await sfSys.tickets.move(number, tia, { transition: 'investigate' });
      await sfSys.tickets.move(number, tia, { transition: 'propose', fields: { solution: 'Re-run the export' } });
      await sfSys.tickets.move(number, tia, { transition: 'customer_accepted' });
      await eventually(
        async () =>
          (await sfSys.tickets.timeline(number)).events.some(
            (e) => e.type === 'integration_succeeded' && e.data.operation === 'update_case',
          )
            ? true
            : undefined,
        30_000,
      );
      await saveRuns(sfSys, 'customer-case-salesforce', number);
    } finally {
      await sfSys.stop();
      await sf.stop();
    }
  }
  if (want('engineering-change-erp-late')) {
    // The create's answer lost and the order shipped before its retry found it: the ticket moves on.
    await withReviewedChange(
      'Bracket shipped at once',
      { drawing: 'DWG-4', part_number: 'P-7', quantity: 1 },
      async (erpSys, erp, carl, ecr) => {
        erp.loseNextCreateAnswer();
        await erpSys.tickets.move(ecr, carl, { transition: 'approve' });
        const order = await eventually(async () => erp.orders[0]);
        erp.setStatus(order.OrderID, 'Shipped', 'TRACK-11');
        await eventually(async () => ((await erpSys.tickets.get(ecr)).state === 'implemented' ? true : undefined));
        await erpSys.tickets.move(ecr, carl, { transition: 'close' });
        await saveRuns(erpSys, 'engineering-change-erp-late', ecr);
      },
    );
  }
} finally {
  await sys.stop();
  await mail.stop();
  await jira.stop();
  await push.stop();
}
// The dev server this script started for itself (when no shared one was given) would keep it running.
process.exit(0);
