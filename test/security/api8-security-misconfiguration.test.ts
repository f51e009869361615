import type { LightMyRequestResponse } from 'fastify';
import { parseConfig } from '../../src/config/load-config';
import { startTestApp, TestApp } from '../support/test-app';

const SECRET = 'k3J9vQ2mX8pL5nR7tY1wZ4cF6hB0dG3jS9uE2aV5xN8qM1oP7iK4lT6rW0yH2zC';
const ALLOWED = 'https://app.example.com';

function expectSecurityHeaders(response: LightMyRequestResponse): void {
  expect(response.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
    'content-security-policy': expect.stringContaining("default-src 'self'"),
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-dns-prefetch-control': 'off',
  });
  expect(response.headers['x-powered-by']).toBeUndefined();
}

/** OWASP API8:2023 Security Misconfiguration: headers, CORS, production defaults. */
describe('OWASP API8 security misconfiguration [sqlite]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      security: { corsOrigins: [ALLOWED], rateLimit: { max: 1_000_000, authMax: 1_000_000, windowMs: 60_000 } },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends the security headers on successes and on errors alike', async () => {
    for (const url of ['/api/v1/products', '/api/v1/auth/me', '/api/v1/no-such-route', '/api/v1/products/abc', '/docs']) {
      expectSecurityHeaders(await t.app.inject({ url }));
    }
  });

  it('lets the configured origin call from a browser, and only it', async () => {
    const allowed = await t.app.inject({ url: '/api/v1/products', headers: { origin: ALLOWED } });
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(allowed.headers['access-control-expose-headers']).toContain('retry-after');
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await t.app.inject({ url: '/api/v1/products', headers: { origin: 'https://evil.example.net' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight from the configured origin (with Authorization allowed), not from another', async () => {
    const preflight = (origin: string) =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/products/1',
        headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(ALLOWED);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-methods': expect.stringContaining('PATCH'),
      'access-control-allow-headers': expect.stringContaining('authorization'),
      'access-control-max-age': '600',
    });
    expect((await preflight('https://evil.example.net')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows no cross-origin browser access at all when CORS_ORIGINS is empty (the default)', async () => {
    const closed = await startTestApp('sqlite');
    try {
      const response = await closed.app.inject({ url: '/api/v1/products', headers: { origin: ALLOWED } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await closed.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/products/1',
        headers: { origin: ALLOWED, 'access-control-request-method': 'PATCH' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    } finally {
      await closed.close();
    }
  });

  it('in production: refuses the default signing secret and serves no API docs unless asked', async () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET is the development default/);
    const production = parseConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET });
    expect(production.api.docsEnabled).toBe(false);
    const app = await startTestApp('sqlite', { env: 'production', api: { docsEnabled: production.api.docsEnabled } });
    try {
      for (const url of ['/docs', '/docs/static/index.html', '/openapi.json']) expect((await app.app.inject({ url })).statusCode).toBe(404);
      expect((await app.app.inject({ url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('shows no internals in errors: no stack, no SQL, no framework name', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toMatch(/stack|node_modules|fastify|SELECT/i);
  });
});
