import Redis from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { RedisConfig } from '../config/app-config';
import { redisAddress } from './redis-address';

/**
 * One ioredis client per process, tuned so that a Redis outage costs a request at most `timeoutMs`:
 * no offline queue (a command while disconnected fails at once instead of waiting for a reconnect), one try per
 * command, and reconnects in the background (every 100 ms growing to 2 s). Boot does not wait for Redis longer than
 * `timeoutMs`: an instance started while Redis is down serves by the RATE_LIMIT_REDIS_FAILURE policy until it connects.
 */
export async function connectRedis(config: RedisConfig, log: FastifyBaseLogger): Promise<Redis> {
  const redis = new Redis(config.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: config.timeoutMs,
    commandTimeout: config.timeoutMs,
    // how long close() leaves a half-open socket before destroying it (default 2 s keeps a closing process alive)
    disconnectTimeout: config.timeoutMs,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  const address = redisAddress(config.url);
  let reported = false;
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  redis.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    log.warn({ redis: address, err: error.message }, `Redis unreachable; the rate limiter fails ${config.onFailure} until it is back`);
  });
  redis.on('ready', () => {
    if (reported) log.info({ redis: address }, 'Redis reachable again');
    reported = false;
  });
  await redis.connect().catch(() => undefined);
  return redis;
}
