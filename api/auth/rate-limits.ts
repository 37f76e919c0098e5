// Limits against abuse: sign-in attempts per email and client address, registrations per client address,
// signals per API key. Counted in Postgres (rate-limiter-flexible's store) so that every API replica
// shares one count. Over a limit the caller gets RATE_LIMITED and how long to wait.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';

export interface RateLimitSettings {
  loginPerMinute: number;
  registerPerHour: number;
  signalsPerMinute: number;
}

export const rateLimitSettings = (config: Config): RateLimitSettings => ({
  loginPerMinute: config.RATE_LIMIT_LOGIN_PER_MINUTE,
  registerPerHour: config.RATE_LIMIT_REGISTER_PER_HOUR,
  signalsPerMinute: config.RATE_LIMIT_SIGNALS_PER_MINUTE,
});

export interface RateLimits {
  /** Counts one sign-in attempt; throws RATE_LIMITED when there were too many. */
  login(email: string, ip: string): Promise<void>;
  register(ip: string): Promise<void>;
  signal(apiKeyId: string): Promise<void>;
}

/** Keys are hashed: no email address lands in the table, and none is too long for its column. */
const hashed = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url');

/** `pool`: a pg pool of the API's database, where the migrations made the table `rate_limits`. */
export function createRateLimits(pool: pg.Pool, settings: RateLimitSettings, log: Logger): RateLimits {
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix,
      points,
      duration,
    });
  const login = limiter('login', settings.loginPerMinute, 60);
  const register = limiter('register', settings.registerPerHour, 3600);
  const signal = limiter('signal', settings.signalsPerMinute, 60);

  async function consume(rateLimiter: RateLimiterPostgres, key: string, what: string): Promise<void> {
    try {
      await rateLimiter.consume(key);
    } catch (rejection) {
      // The library rejects with its result when over the limit, with an Error when the store fails.
      if (rejection instanceof RateLimiterRes) {
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new AppError('RATE_LIMITED', `too many ${what}: try again in ${retryAfterSeconds} s`, {
          retryAfterSeconds,
        });
      }
      log.error({ err: rejection, limit: what }, 'the rate limit store failed');
      throw new AppError('UNAVAILABLE', 'the rate limit store did not answer: try again', {
        reason: 'RATE_LIMIT_STORE',
      });
    }
  }

  return {
    login: (email, ip) => consume(login, hashed(email.trim().toLowerCase(), ip), 'sign-in attempts'),
    register: (ip) => consume(register, hashed(ip), 'registrations'),
    signal: (apiKeyId) => consume(signal, apiKeyId, 'signals'),
  };
}
