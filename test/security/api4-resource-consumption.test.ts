import { createConnection } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { LoggedIn, loginAs } from '../support/auth';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';

const expect429 = (response: LightMyRequestResponse) => {
  expect(response.statusCode).toBe(429);
  expect(response.json()).toEqual({
    statusCode: 429,
    code: 'TOO_MANY_REQUESTS',
    error: 'Too Many Requests',
    message: expect.stringMatching(/^Too many requests; retry in \d+ (second|minute)/),
    requestId: expect.any(String),
  });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
};

/** OWASP API4:2023 Unrestricted Resource Consumption: rate limits, body size, page size, slow clients. */
describe('OWASP API4 resource consumption [sqlite]', () => {
  describe('rate limits', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('sqlite', { security: { corsOrigins: [], rateLimit: { max: 8, authMax: 3, windowMs: 60_000 } } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('login, register and refresh each allow authMax attempts per window, then answer 429 with Retry-After', async () => {
      const attempts = {
        login: { email: 'guess@example.com', password: 'guess-number-n' },
        register: { email: 'not-an-email', fullName: 'x', password: 'short' },
        refresh: { refreshToken: 'A'.repeat(43) },
      };
      for (const [route, payload] of Object.entries(attempts)) {
        const send = () => t.app.inject({ method: 'POST', url: `/api/v1/auth/${route}`, payload });
        for (let i = 0; i < 3; i++) expect((await send()).statusCode).not.toBe(429);
        const limited = await send();
        expect429(limited);
        expect(limited.headers['x-ratelimit-limit']).toBe('3');
      }
    });

    it('every other route allows max requests per window and client IP, then answers 429', async () => {
      const list = () => t.app.inject({ url: '/api/v1/products' });
      const first = await list();
      expect(first.statusCode).toBe(200);
      expect(first.headers['x-ratelimit-limit']).toBe('8');
      let answer = first;
      for (let i = 1; i <= 8 && answer.statusCode === 200; i++) answer = await list();
      expect429(answer);
      // another client is counted on its own
      expect((await t.app.inject({ url: '/api/v1/products', remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
    });
  });

  describe('sizes and time', () => {
    let t: TestApp;
    let user: LoggedIn;
    beforeAll(async () => {
      t = await startTestApp('sqlite', { api: { bodyLimit: 2048, connectionTimeout: 1000, requestTimeout: 5000 } });
      user = await loginAs(t.app, 'user');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('refuses a body over BODY_LIMIT_BYTES with 413, and an anonymous one with 401 before reading it', async () => {
      const big = { name: 'big', description: 'x'.repeat(4000) };
      const tooLarge = await t.app.inject({ method: 'POST', url: '/api/v1/items', headers: user.headers, payload: big });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().code).toBe('PAYLOAD_TOO_LARGE');
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/items', payload: big });
      expect(anonymous.statusCode).toBe(401);
    });

    it('caps pageSize at 100', async () => {
      expectValidationError(await t.app.inject({ url: '/api/v1/products?pageSize=101' }), 'pageSize', 'must be <= 100');
      expectValidationError(await t.app.inject({ url: '/api/v1/products?pageSize=1000000' }), 'pageSize', 'must be <= 100');
      expect((await t.app.inject({ url: '/api/v1/products?pageSize=100' })).statusCode).toBe(200);
    });

    it('closes a connection that sends nothing after CONNECTION_TIMEOUT_MS, and sets REQUEST_TIMEOUT_MS on the server', async () => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      expect(t.app.server.requestTimeout).toBe(5000);
      const { port } = t.app.server.address() as { port: number };
      const started = Date.now();
      const closedAfter = await new Promise<number>((resolve, reject) => {
        const socket = createConnection({ host: '127.0.0.1', port });
        socket.on('error', reject);
        // half a request line, then silence: what a slow-loris client does
        socket.on('connect', () => socket.write('GET /health/live HTTP/1.1\r\n'));
        socket.on('close', () => resolve(Date.now() - started));
      });
      expect(closedAfter).toBeGreaterThanOrEqual(900);
      expect(closedAfter).toBeLessThan(10_000);
    });
  });
});
