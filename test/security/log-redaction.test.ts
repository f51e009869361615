import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loginAs, TEST_PASSWORD } from '../support/auth';
import { migrate, testConfig } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

/**
 * No secret or token in any log line, at the most verbose level: the logger censors them itself, so this holds
 * for the app's own lines and for a careless one a future route might add (the two test routes below).
 */
describe('log redaction [sqlite]', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const lines: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await migrate(database.config);
    app = await buildApp(testConfig(database.config, { logLevel: 'trace' }), { logStream: { write: (line) => lines.push(line) } });
    const open = { config: { access: 'public' as const } };
    app.post('/test/careless-log', open, async (request) => {
      request.log.info(
        { body: request.body, headers: request.headers, reply: { headers: { 'set-cookie': 'session=secret-cookie' } } },
        'careless',
      );
      return { ok: true };
    });
    app.get('/test/failed-query', open, async () => {
      throw Object.assign(new Error('insert failed'), {
        parameters: ['$argon2id$v=19$m=65536$leaked-hash'],
        driverError: { parameters: ['raw-secret'] },
      });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('logs no password, hash, access token, refresh token or cookie through a whole session', async () => {
    const secrets: string[] = [TEST_PASSWORD, 'a-new-passphrase', 'secret-cookie', '$argon2', 'leaked-hash', 'raw-secret'];
    const register = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'logged@example.com', fullName: 'L', password: 'registering-passphrase' },
    });
    expect(register.statusCode).toBe(201);
    secrets.push('registering-passphrase');
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'logged@example.com', password: 'registering-passphrase' },
    });
    const { accessToken, refreshToken } = login.json();
    const refreshed = (await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } })).json();
    secrets.push(accessToken, refreshToken, refreshed.accessToken, refreshed.refreshToken);
    const headers = { authorization: `Bearer ${refreshed.accessToken}`, cookie: 'session=secret-cookie' };
    expect((await app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'logged@example.com', password: TEST_PASSWORD } });
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'bad', fullName: 'B', password: TEST_PASSWORD, role: 'admin' },
    });
    const user = await loginAs(app, 'user');
    secrets.push(user.refreshToken, user.headers.authorization.slice('Bearer '.length));
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.user.id}`,
      headers: user.headers,
      payload: { password: 'a-new-passphrase', currentPassword: TEST_PASSWORD },
    });
    await app.inject({
      method: 'POST',
      url: '/test/careless-log',
      headers,
      payload: { password: TEST_PASSWORD, refreshToken: refreshed.refreshToken, nested: { accessToken: refreshed.accessToken } },
    });
    expect((await app.inject({ url: '/test/failed-query' })).statusCode).toBe(500);
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: refreshed.refreshToken } });

    const log = lines.join('');
    // the lines are there (the test would pass on an empty log otherwise), with the secrets censored
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('"msg":"careless"');
    expect(log).toContain('"authorization":"[Redacted]"');
    expect(log).toContain('"password":"[Redacted]"');
    expect(log).toContain('"parameters":"[Redacted]"');
    expect(secrets.filter((secret) => log.includes(secret))).toEqual([]);
  });
});
