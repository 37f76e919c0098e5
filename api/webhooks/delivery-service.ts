// The record of webhook deliveries, for admins: what each vendor sent, what became of it, and which
// tickets it reached (deliveries.ts holds the SQL). The arguments are checked here, every problem named.
import { z } from 'zod';
import { webhookReceivers, type WebhookVendor } from '../../activities/integrations/vendors.js';
import { AppError } from '../../platform/errors.js';
import { PAGE_LIMITS } from '../../platform/page-limits.js';
import { requireAdmin } from '../../platform/people/roles.js';
import type { User } from '../../platform/people/users.js';
import type { Db } from '../../platform/store/db.js';
import { formatPath } from '../../platform/text.js';
import { recentDeliveries } from './deliveries.js';

const webhookVendors = webhookReceivers.map((receiver) => receiver.name) as [WebhookVendor, ...WebhookVendor[]];

const args = z.object({
  vendor: z.enum(webhookVendors).nullish(),
  outcome: z.enum(['accepted', 'duplicate', 'ignored', 'refused']).nullish(),
  first: z.number().int().min(1).max(PAGE_LIMITS['Query.webhookDeliveries']).default(50),
});

export function createDeliveryService(db: Db) {
  return {
    /** The newest deliveries first, of one vendor or outcome if asked (admins). */
    recent(viewer: User, raw: unknown) {
      requireAdmin(viewer);
      const parsed = args.safeParse(raw);
      if (!parsed.success)
        throw new AppError('BAD_USER_INPUT', 'invalid webhookDeliveries arguments', {
          fields: parsed.error.issues.map((i) => formatPath(i.path)),
        });
      const { vendor, outcome, first } = parsed.data;
      return recentDeliveries(db, { first, ...(vendor && { vendor }), ...(outcome && { outcome }) });
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
