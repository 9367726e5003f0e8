import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';

/** The attempts counted against one account in the window running now. */
export interface AttemptWindow {
  count: number;
  /** When the window ends and the count starts again, in ms since the epoch. */
  resetAt: number;
}

/**
 * Sign-in attempts per account, counted before the password is checked (so
 * that parallel guesses cannot all slip under the limit) and forgiven when
 * the password was right: what remains is the failures.
 */
export interface AttemptCounter {
  hit(key: string, now: number): Promise<AttemptWindow>;
  forgive(key: string, now: number): Promise<void>;
}

/** The counter and its limit, as the HTTP app configures them (RATE_LIMITS.signInAccount). */
export interface SignInThrottle {
  attempts: AttemptCounter;
  max: number;
}

/** In this process only: enough for one `serve`; several processes need Redis. */
export function memoryAttempts(windowMs: number, size = 100_000): AttemptCounter {
  const windows = new LRUCache<string, AttemptWindow>({ max: size });
  return {
    async hit(key, now) {
      const w = windows.get(key);
      if (!w || w.resetAt <= now) {
        const fresh = { count: 1, resetAt: now + windowMs };
        windows.set(key, fresh);
        return { ...fresh };
      }
      w.count += 1;
      return { ...w };
    },
    async forgive(key, now) {
      const w = windows.get(key);
      if (w && w.resetAt > now && w.count > 0) w.count -= 1;
    },
  };
}

// Atomic in Redis: a window that has ended starts again at 1. The window follows the app's clock (ARGV[1]); the key's TTL only tidies up.
const HIT = `local reset = tonumber(redis.call('HGET', KEYS[1], 'reset') or '0')
local now = tonumber(ARGV[1])
if reset <= now then
  reset = now + tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'count', 1, 'reset', reset)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, reset}
end
return {redis.call('HINCRBY', KEYS[1], 'count', 1), reset}`;

const FORGIVE = `local reset = tonumber(redis.call('HGET', KEYS[1], 'reset') or '0')
if reset > tonumber(ARGV[1]) and tonumber(redis.call('HGET', KEYS[1], 'count') or '0') > 0 then
  redis.call('HINCRBY', KEYS[1], 'count', -1)
end
return 0`;

/**
 * Shared by every process of the provider. As the other limits do, it lets
 * requests through (and logs) while Redis cannot be reached.
 */
export function redisAttempts(redis: Redis, nameSpace: string, windowMs: number, log: Logger): AttemptCounter {
  const ready = async () => {
    if (redis.status === 'connecting' || redis.status === 'connect' || redis.status === 'wait') {
      await Promise.race([once(redis, 'ready'), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
  };
  return {
    async hit(key, now) {
      try {
        await ready();
        const [count, resetAt] = (await redis.eval(HIT, 1, nameSpace + key, now, windowMs)) as [number, number];
        return { count: Number(count), resetAt: Number(resetAt) };
      } catch (err) {
        log.warn({ err }, 'sign-in throttle: Redis unreachable; attempts are not being counted');
        return { count: 0, resetAt: now };
      }
    },
    async forgive(key, now) {
      try {
        await ready();
        await redis.eval(FORGIVE, 1, nameSpace + key, now);
      } catch (err) {
        log.warn({ err }, 'sign-in throttle: Redis unreachable');
      }
    },
  };
}
