// Activities: every side effect of a ticket workflow. A factory over its dependencies, so the worker
// and the tests wire real ones (Postgres, SMTP, vendor clients) the same way.
import type { WebPushSettings } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import { keptVapidKeys } from '../platform/push/keys.js';
import type { Mailer } from '../platform/mail/mailer.js';
import type { Db } from '../platform/store/db.js';
import type { CalendarDefinition } from '../workflows/process/definition.js';
import { assignRoundRobin, type AssignRequest } from './assignment.js';
import { addWorkingTime, workingTimeBetween } from './calendar.js';
import { heartbeating } from './heartbeat.js';
import { mirrorComment, type CommentMirrorRequest } from './integrations/comment-mirror.js';
import { createIntegrations, type IntegrationSettings } from './integrations/registry.js';
import type { IntegrationRequest, OrderStatusRequest } from './integrations/types.js';
import { sendEmail } from './notifications/email.js';
import { sendWebPush } from './notifications/push.js';
import { recordNotifications, type NotifyRequest } from './notifications/record.js';
import {
  recordProjectionFailure,
  type ProjectionFailure,
  type ProjectionRequest,
} from '../platform/tickets/projection.js';
import { projectTicketActivity } from './projection.js';
import { recordSignalRefusal, type SignalRefusal } from './refusals.js';

export interface ActivityDeps {
  db: Db;
  log: Logger;
  /** Sends mail (SMTP_URL); without one, mail is skipped as not configured. */
  mailer?: Mailer;
  /** Where the web app is, for the links in messages (PUBLIC_URL). */
  publicUrl: string;
  /** The vendors integration actions call (JIRA_URL, …); a system without settings is not configured. */
  integrations?: IntegrationSettings;
  /** How Web Push messages are signed (VAPID_*); unset, with the keys kept in Postgres. */
  webPush?: Pick<WebPushSettings, 'keys' | 'subject'>;
}

export function createActivities({ db, log, mailer, publicUrl, integrations = {}, webPush }: ActivityDeps) {
  const messageIdDomain = new URL(publicUrl).hostname || 'ticketflow';
  const vendors = createIntegrations(db, integrations);
  const push = {
    keys: keptVapidKeys(db, webPush ?? {}),
    subject: webPush?.subject ?? `mailto:ticketflow@${messageIdDomain}`,
  };
  return {
    async assignRoundRobin(request: AssignRequest) {
      const result = await assignRoundRobin(db, request);
      log.info(
        { ticket: request.number, workflowId: request.number, group: request.group, ...result },
        'round-robin assignment',
      );
      return result;
    },
    /** The instants at which a business-time SLA clock running since `from` reaches its thresholds. */
    async slaDeadlines(request: {
      calendar: CalendarDefinition;
      from: number;
      atRiskOffsetMs: number | null;
      breachOffsetMs: number | null;
    }) {
      const at = (offset: number | null) =>
        offset === null ? null : addWorkingTime(request.calendar, request.from, offset);
      return { atRiskAt: at(request.atRiskOffsetMs), deadline: at(request.breachOffsetMs) };
    },
    async workingTime(request: { calendar: CalendarDefinition; from: number; to: number }) {
      return workingTimeBetween(request.calendar, request.from, request.to);
    },
    async projectTicket(request: ProjectionRequest) {
      await projectTicketActivity(db, request);
      log.debug(
        { ticket: request.ticket.number, workflowId: request.ticket.number, version: request.ticket.version },
        'projected',
      );
    },
    async recordNotifications(request: NotifyRequest) {
      const recorded = await heartbeating(() =>
        recordNotifications(db, request, { mailConfigured: !!mailer, publicUrl, messageIdDomain }),
      );
      log.info(
        {
          ticket: request.number,
          template: request.template,
          emails: recorded.emails.length,
          pushes: recorded.pushes.length,
          ...recorded.sent,
        },
        'notifications recorded',
      );
      return recorded;
    },
    async sendEmail(request: { notificationId: string }) {
      if (!mailer) throw new Error('no SMTP_URL: this worker cannot send mail');
      const outcome = await heartbeating(() => sendEmail(db, mailer, request.notificationId));
      log.info({ notification: request.notificationId, outcome }, 'mail');
      return outcome;
    },
    async sendWebPush(request: { notificationId: string }) {
      const outcome = await heartbeating(() => sendWebPush(db, push, request.notificationId));
      log.info({ notification: request.notificationId, outcome }, 'web push');
      return outcome;
    },
    async callIntegration(request: IntegrationRequest) {
      const result = await heartbeating(() => vendors.call(request));
      log.info(
        {
          ticket: request.ticket.number,
          system: request.system,
          operation: request.operation,
          outcome: result.outcome,
          ...(result.outcome === 'done' && { key: result.made.key }),
        },
        'integration call',
      );
      return result;
    },
    /** An ERP order's status, for the workflow's periodic check: a read, so any retry is harmless. */
    async checkOrderStatus(request: OrderStatusRequest) {
      const result = await vendors.orderStatus(request);
      log.debug(
        { ticket: request.ticketNumber, system: request.system, order: request.orderId, ...result },
        'order status',
      );
      return result;
    },
    async mirrorComment(request: CommentMirrorRequest) {
      const result = await heartbeating(() => mirrorComment(db, vendors, request));
      log.info(
        {
          ticket: request.number,
          system: request.system,
          comment: request.commentId,
          outcome: result.outcome,
          ...(result.outcome === 'done' && { mirroredAs: result.made.id }),
        },
        'comment mirrored',
      );
      return result;
    },
    async recordProjectionFailure(failure: ProjectionFailure) {
      await recordProjectionFailure(db, failure);
      log.error(failure, 'the read model refused data of a ticket');
    },
    async recordSignalRefusal(refusal: SignalRefusal) {
      await recordSignalRefusal(db, refusal);
      log.warn(
        { ticket: refusal.number, signal: refusal.name, ...refusal.refusal },
        'a signal from the workflow was refused',
      );
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
