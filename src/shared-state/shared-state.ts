import type { FastifyBaseLogger } from 'fastify';
import type { RedisConfig } from '../config/app-config';
import type { StoreProbe } from '../services/health.service';
import { connectRedis } from './redis-client';
import { sharedRateLimitOptions } from './shared-rate-limit-store';

/** What several instances share through Redis: the rate-limit counters (login's included), and a probe for readiness. */
export interface SharedState {
  rateLimit: ReturnType<typeof sharedRateLimitOptions>;
  probe: StoreProbe;
  close(): Promise<void>;
}

/** Loaded by buildApp only when REDIS_URL is set, so a single instance never loads ioredis. */
export async function openSharedState(config: RedisConfig, log: FastifyBaseLogger): Promise<SharedState> {
  const redis = await connectRedis(config, log);
  return {
    rateLimit: sharedRateLimitOptions(redis, config.keyPrefix, config.onFailure),
    probe: { ping: () => redis.ping(), failsOpen: config.onFailure === 'open' },
    close: async () => {
      // QUIT waits for a reply a disconnected client would never get
      if (redis.status === 'ready') await redis.quit();
      else redis.disconnect();
    },
  };
}
