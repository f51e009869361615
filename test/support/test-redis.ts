import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { RedisConfig } from '../../src/config/app-config';

/** `.ci/run` points it at the local Redis; unset, the tests that need Redis show up as skipped, naming it. */
export const REDIS_URL_VARIABLE = 'TEST_REDIS_URL';

export function testRedisUrl(): string | undefined {
  return process.env[REDIS_URL_VARIABLE] || undefined;
}

/** `describe` when TEST_REDIS_URL is set; otherwise a skipped block whose title says what would enable it. */
export function describeWithRedis(title: string, body: () => void): void {
  if (testRedisUrl()) describe(`${title} [redis]`, body);
  else
    describe.skip(`${title} [redis: skipped, set ${REDIS_URL_VARIABLE} to run]`, () => {
      it('runs when Redis is configured', () => undefined);
    });
}

/** Every key under `prefix`, by SCAN (never KEYS, which blocks a shared server). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 100 }) as AsyncIterable<string[]>) keys.push(...batch);
  return keys;
}

/**
 * A key prefix of its own for the surrounding describe (so parallel test files share one Redis safely), its keys
 * deleted afterwards; the getter gives the settings an app would read, and the client to look at the keys.
 */
export function useRedisPrefix(onFailure: RedisConfig['onFailure'] = 'closed'): () => { config: RedisConfig; redis: Redis } {
  const keyPrefix = `test:${randomBytes(6).toString('hex')}:`;
  let redis: Redis | undefined;
  beforeAll(() => {
    redis = new Redis(testRedisUrl()!);
  });
  afterAll(async () => {
    if (!redis) return;
    const keys = await keysUnder(redis, keyPrefix);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });
  return () => {
    if (!redis) throw new Error('the Redis client exists only inside tests of this describe');
    return { config: { url: testRedisUrl()!, keyPrefix, timeoutMs: 500, onFailure }, redis };
  };
}
