// Migrations run in name order; names are timestamps so branches never collide. Never edit one that
// has shipped: add a new one.
import type { Migration } from 'kysely/migration';
import * as m20261123_01_people from './2026-11-23-01-people.js';
import * as m20261123_02_processes from './2026-11-23-02-processes.js';
import * as m20261123_03_tickets from './2026-11-23-03-tickets.js';
import * as m20261202_01_ticket_recovery from './2026-12-02-01-ticket-recovery.js';
import * as m20261202_02_auth from './2026-12-02-02-auth.js';
import * as m20261202_11_rate_limits from './2026-12-02-11-rate-limits.js';
import * as m20261202_21_attachment_indexes from './2026-12-02-21-attachment-indexes.js';
import * as m20261202_21_process_retirement from './2026-12-02-21-process-retirement.js';
import * as m20261202_40_ticket_list_indexes from './2026-12-02-40-ticket-list-indexes.js';
import * as m20261202_44_board_done_index from './2026-12-02-44-board-done-index.js';
import * as m20261202_50_notifications from './2026-12-02-50-notifications.js';
import * as m20261202_62_webhooks from './2026-12-02-62-webhooks.js';
import * as m20261202_60_web_push from './2026-12-02-60-web-push.js';
import * as m20261207_01_unconfirmed_projections from './2026-12-07-01-unconfirmed-projections.js';
import * as m20261207_10_drafts from './2026-12-07-10-drafts.js';
import * as m20261207_20_comment_mentions from './2026-12-07-20-comment-mentions.js';
import * as m20261207_20_notification_summaries from './2026-12-07-20-notification-summaries.js';
import * as m20261207_40_ticket_search from './2026-12-07-40-ticket-search.js';
import * as m20261207_50_macros from './2026-12-07-50-macros.js';
import * as m20261207_60_bulk_actions from './2026-12-07-60-bulk-actions.js';
import * as m20261207_70_report_indexes from './2026-12-07-70-report-indexes.js';
import * as m20261207_81_first_response_index from './2026-12-07-81-first-response-index.js';
import * as m20261207_30_queue_sla_due from './2026-12-07-30-queue-sla-due.js';
import * as m20261207_30_saved_views from './2026-12-07-30-saved-views.js';

export const migrations: Record<string, Migration> = {
  '2026-11-23-01-people': m20261123_01_people,
  '2026-11-23-02-processes': m20261123_02_processes,
  '2026-11-23-03-tickets': m20261123_03_tickets,
  '2026-12-02-01-ticket-recovery': m20261202_01_ticket_recovery,
  '2026-12-02-02-auth': m20261202_02_auth,
  '2026-12-02-11-rate-limits': m20261202_11_rate_limits,
  '2026-12-02-21-attachment-indexes': m20261202_21_attachment_indexes,
  '2026-12-02-21-process-retirement': m20261202_21_process_retirement,
  '2026-12-02-40-ticket-list-indexes': m20261202_40_ticket_list_indexes,
  '2026-12-02-44-board-done-index': m20261202_44_board_done_index,
  '2026-12-02-50-notifications': m20261202_50_notifications,
  '2026-12-02-62-webhooks': m20261202_62_webhooks,
  '2026-12-02-60-web-push': m20261202_60_web_push,
  '2026-12-07-01-unconfirmed-projections': m20261207_01_unconfirmed_projections,
  '2026-12-07-10-drafts': m20261207_10_drafts,
  '2026-12-07-20-comment-mentions': m20261207_20_comment_mentions,
  '2026-12-07-20-notification-summaries': m20261207_20_notification_summaries,
  '2026-12-07-40-ticket-search': m20261207_40_ticket_search,
  '2026-12-07-50-macros': m20261207_50_macros,
  '2026-12-07-60-bulk-actions': m20261207_60_bulk_actions,
  '2026-12-07-70-report-indexes': m20261207_70_report_indexes,
  '2026-12-07-30-queue-sla-due': m20261207_30_queue_sla_due,
  '2026-12-07-30-saved-views': m20261207_30_saved_views,
  '2026-12-07-81-first-response-index': m20261207_81_first_response_index,
};
