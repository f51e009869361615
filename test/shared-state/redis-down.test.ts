import type { RedisConfig } from '../../src/config/app-config';
import { STORE_UNREACHABLE } from '../../src/shared-state/shared-rate-limit-store';
import { freePort } from '../support/free-port';
import { startTestApp, TestApp } from '../support/test-app';

const login = (t: TestApp) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'guess@example.com', password: 'guess-number-n' } });

/** REDIS_URL pointing at a port nothing listens on: the limiter follows RATE_LIMIT_REDIS_FAILURE, never a 500. */
describe.each(['open', 'closed'] as const)('Redis unreachable, RATE_LIMIT_REDIS_FAILURE=%s [sqlite]', (onFailure) => {
  let t: TestApp;
  beforeAll(async () => {
    const redis: RedisConfig = { url: `redis://127.0.0.1:${await freePort()}`, keyPrefix: 'test:down:', timeoutMs: 300, onFailure };
    const started = Date.now();
    t = await startTestApp('sqlite', { security: { corsOrigins: [], rateLimit: { max: 2, authMax: 1, windowMs: 60_000 } }, redis });
    // boot does not hang on an unreachable Redis
    expect(Date.now() - started).toBeLessThan(10_000);
  });
  afterAll(async () => {
    await t?.close();
  });

  if (onFailure === 'open') {
    it('lets requests through uncounted: past both limits, no 429 and no 500', async () => {
      for (let i = 0; i < 3; i++) expect((await login(t)).statusCode).toBe(401);
      for (let i = 0; i < 3; i++) expect((await t.app.inject({ url: '/api/v1/products' })).statusCode).toBe(200);
    });

    it('stays ready, and readiness says Redis is unreachable', async () => {
      const ready = await t.app.inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok', database: 'ok', pendingMigrations: [], redis: 'unreachable' });
    });
  } else {
    it('answers every rate-limited request 503 SERVICE_UNAVAILABLE, quickly, never 500', async () => {
      for (const request of [() => login(t), () => t.app.inject({ url: '/api/v1/products' })]) {
        const started = Date.now();
        const response = await request();
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(response.statusCode).toBe(503);
        expect(response.json()).toEqual({
          statusCode: 503,
          code: 'SERVICE_UNAVAILABLE',
          error: 'Service Unavailable',
          message: STORE_UNREACHABLE,
          requestId: expect.any(String),
        });
      }
    });

    it('is not ready, and readiness says why', async () => {
      const ready = await t.app.inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'unavailable', database: 'ok', pendingMigrations: [], redis: 'unreachable' });
    });
  }
});
