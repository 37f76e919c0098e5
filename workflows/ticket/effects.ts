// Side effects on the outside world — notifications and vendor calls — run beside the ticket's
// process, never in its way: the workflow starts one and goes on taking moves, signals and timers; its
// outcome comes back as an input, recorded on the timeline. A mail server down for hours delays mail,
// not the ticket. Activities make each effect happen once (see activities/notifications/ and activities/integrations/).
// Besides the process's own actions, a public comment on a ticket with a Jira issue is mirrored onto it.
import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  TimeoutFailure,
  uuid4,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import type { NotificationEvent } from '../process/vocabulary.js';
import type { ProcessDefinition } from '../process/definition.js';
import {
  INTEGRATION_REFUSED,
  INTEGRATION_UNAVAILABLE,
  MAIL_REFUSED,
  PUSH_REFUSED,
  type Input,
  type IntegrationFailureReason,
  type NotifyOutcome,
  type RunAction,
  type TicketState,
} from './model.js';

/** Integration actions call their vendor; runs from before recorded them as skipped (not configured). */
const INTEGRATION_ACTIVITIES = 'integration-activities';
/** Public comments on a ticket with a Jira issue are mirrored onto it; runs from before mirrored none. */
export const JIRA_COMMENT_MIRROR = 'jira-comment-mirror';
/** A notify action's `push` channel also reaches the recipients' browsers by Web Push; runs from
 * before reached the notification centre only. */
const WEB_PUSH = 'web-push';

// Both heartbeat while they work (activities/heartbeat.ts): an attempt whose worker died is retried
// after the heartbeat timeout, seconds after the crash. Not a shorter startToCloseTimeout: sendEmail's
// must stay longer than the slowest answer a live mail server may give (the mailer waits up to 30 s
// per step), or a slow server would see a second attempt send the mail while the first is still
// sending it. Activity options are not part of a history: replay is unaffected.
const HEARTBEAT_TIMEOUT = '10 seconds';
const { recordNotifications } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Temporary mail failures retry for a day, then count as failed; a refusal is not retried.
const { sendEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  scheduleToCloseTimeout: '24 hours',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: [MAIL_REFUSED],
  },
});

// A Web Push message: each attempt is bounded (each push service request gets 10 s); a 5xx, a 429 or a
// lost connection is retried for an hour (the message is stale after that), a refusal is not.
const { sendWebPush } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [PUSH_REFUSED],
  },
});

// A vendor call: each attempt is bounded (the adapter's own timeouts are shorter), temporary failures
// (5xx, 429, network) back off for up to an hour, then count as given up. A refusal or an open circuit
// is final at once: the ticket goes on, the timeline says why. It heartbeats like the notifications, so
// a dead worker's call is tried again seconds later (and finds what the first try made, if anything).
const { callIntegration, mirrorComment } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [INTEGRATION_REFUSED, INTEGRATION_UNAVAILABLE],
  },
});

/** Calls to one vendor for a ticket run one after the other; runs from before started each at once. */
const VENDOR_CALLS_IN_ORDER = 'vendor-calls-in-order';

/**
 * A ticket's calls to one vendor, in the order the process queued them, each started once the one
 * before has finished and its outcome is applied: an `update_case` queued while its `create_case` is
 * still retrying would otherwise be sent without the Case id the create stores. Other effects (mail,
 * other vendors) are not held up.
 */
export class VendorQueues {
  private readonly tails = new Map<string, Promise<void>>();

  /** `launch` runs the effect and applies its outcome. */
  after(run: RunAction, launch: () => Promise<void>): Promise<void> {
    const system = run.action.kind === 'integration' ? run.action.system : undefined;
    if (!system || !patched(VENDOR_CALLS_IN_ORDER)) return launch();
    const tail = this.tails.get(system);
    const done = tail ? tail.then(launch) : launch();
    this.tails.set(system, done);
    return done;
  }
}

export const isSideEffect = (run: RunAction) => run.action.kind === 'notify' || run.action.kind === 'integration';

export async function runSideEffect(def: ProcessDefinition, state: TicketState, run: RunAction): Promise<Input> {
  if (run.action.kind === 'notify') {
    const outcome = await notify(def, state, run);
    // Stamped when the outcome is known: the timeline orders events by time.
    return { type: 'notified', at: Date.now(), run, ...outcome };
  }
  if (run.action.kind === 'integration' && patched(INTEGRATION_ACTIVITIES)) return integrate(state, run);
  return { type: 'action_skipped', at: Date.now(), run, reason: 'not_configured' };
}

async function integrate(state: TicketState, run: RunAction): Promise<Input> {
  if (run.action.kind !== 'integration') throw new Error('not an integration action');
  const { system, operation, input = {} } = run.action;
  const fields = Object.fromEntries(
    Object.values(input).flatMap((key) => (state.fields[key] === undefined ? [] : [[key, state.fields[key]]])),
  );
  try {
    const result = await callIntegration({
      system,
      operation,
      input,
      fields,
      ticket: { id: state.ticketId, number: state.number, priority: state.priority },
      effectId: uuid4(),
    });
    if (result.outcome === 'not_configured')
      return { type: 'integration_failed', at: Date.now(), run, reason: 'not_configured' };
    return { type: 'integration_succeeded', at: Date.now(), run, ...result.made };
  } catch (error) {
    return { type: 'integration_failed', at: Date.now(), run, ...integrationFailure(error) };
  }
}

/** Mirrors a public comment onto the ticket's Jira issue, beside the process like any vendor call. */
export async function runCommentMirror(state: TicketState, commentId: string): Promise<Input> {
  const issueKey = state.jiraIssue?.key ?? '';
  try {
    const result = await mirrorComment({
      system: 'jira',
      ticketId: state.ticketId,
      number: state.number,
      commentId,
      issueKey,
    });
    if (result.outcome === 'not_configured')
      return { type: 'comment_mirror_failed', at: Date.now(), commentId, issueKey, reason: 'not_configured' };
    return {
      type: 'comment_mirrored',
      at: Date.now(),
      commentId,
      issueKey,
      mirroredAs: result.made.id,
      url: result.made.url,
    };
  } catch (error) {
    return { type: 'comment_mirror_failed', at: Date.now(), commentId, issueKey, ...integrationFailure(error) };
  }
}

/** Why a vendor call failed for good, as the timeline tells it (the vendor's words for a refusal). */
function integrationFailure(error: unknown): { reason: IntegrationFailureReason; message?: string } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const reason: IntegrationFailureReason =
    cause instanceof ApplicationFailure && cause.type === INTEGRATION_REFUSED
      ? 'refused'
      : cause instanceof ApplicationFailure && cause.type === INTEGRATION_UNAVAILABLE
        ? 'unavailable'
        : 'gave_up';
  const message = reason === 'gave_up' ? undefined : cause instanceof Error ? cause.message : undefined;
  return { reason, ...(message && { message }) };
}

async function notify(def: ProcessDefinition, state: TicketState, run: RunAction): Promise<NotifyOutcome> {
  if (run.action.kind !== 'notify') throw new Error('not a notify action');
  const action = run.action;
  const event = eventOf(def, run);
  const field = action.includeField ? def.fields?.find((f) => f.key === action.includeField) : undefined;
  const value = action.includeField ? state.fields[action.includeField] : undefined;
  const webPush = patched(WEB_PUSH);
  const recorded = await recordNotifications({
    ticketId: state.ticketId,
    number: state.number,
    effectId: uuid4(),
    eventSeq: state.seq,
    event,
    template: action.template,
    to: action.to,
    channels: action.channels,
    ...(webPush && { webPush }),
    people: { requester: state.requester, assignee: state.assignee, group: state.group },
    ...(run.mentioned && { users: run.mentioned }),
    ...(run.actor && { exclude: run.actor }),
    stateLabel: def.states.find((s) => s.key === state.state)?.label ?? state.state,
    ...(field && value !== undefined && { field: { label: field.label, value } }),
  });
  const sent = { ...recorded.sent };
  const failed: NotifyOutcome['failed'] = [];
  for (let i = 0; i < recorded.failed; i++) failed.push({ channel: 'email', reason: 'refused' });
  // Without web push, awaited exactly as before it: a replayed history sees its commands in their order.
  const [mails, pushed] = webPush
    ? await Promise.all([
        Promise.allSettled(recorded.emails.map((id) => sendEmail({ notificationId: id }))),
        Promise.allSettled(recorded.pushes.map((id) => sendWebPush({ notificationId: id }))),
      ])
    : [await Promise.allSettled(recorded.emails.map((id) => sendEmail({ notificationId: id }))), []];
  for (const result of mails) {
    if (result.status === 'fulfilled') sent.email += 1;
    else failed.push({ channel: 'email', reason: failureReason(result.reason) });
  }
  for (const result of pushed) {
    if (result.status === 'fulfilled') sent.push = (sent.push ?? 0) + 1;
    else failed.push({ channel: 'push', reason: failureReason(result.reason) });
  }
  return { event, recipients: recorded.recipients, sent, failed, skipped: recorded.skipped };
}

/** What a person's preferences call the moment a notify action runs at. */
function eventOf(def: ProcessDefinition, run: RunAction): NotificationEvent {
  // A rule's origin names its event: rule:<index>:<event>.
  if (run.origin.startsWith('rule:')) return run.origin.split(':')[2] as NotificationEvent;
  if (run.origin.startsWith('mention:')) return 'mentioned';
  if (run.origin.endsWith(':at_risk')) return 'sla_at_risk';
  if (run.origin.endsWith(':breached')) return 'sla_breached';
  if (run.origin.startsWith('state:')) {
    const state = def.states.find((s) => `state:${s.key}` === run.origin);
    if (state?.category === 'done') return 'resolved';
    if (state?.category === 'new' && run.entry === 1) return 'created';
  }
  return 'moved';
}

function failureReason(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && (cause.type === MAIL_REFUSED || cause.type === PUSH_REFUSED))
    return 'refused';
  if (cause instanceof TimeoutFailure) return 'gave_up';
  return 'error';
}
