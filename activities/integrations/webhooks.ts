// What the vendors' webhooks share: the rule for their secrets.
import { z } from 'zod';

/** A webhook's shared secret: long enough that guessing it is out of the question. */
export const webhookSecret = z.string().min(16, 'must be at least 16 characters').optional();
