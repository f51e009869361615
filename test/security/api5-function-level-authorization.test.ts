import type { InjectOptions } from 'fastify';
import { LoggedIn, loginAs, useAppWithSessions } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { startTestApp, TestApp } from '../support/test-app';

/** A concrete URL for a route pattern: `/api/v1/users/:id` → `/api/v1/users/1`. */
const concrete = (url: string) => url.replace(/:\w+/g, '1').replace('*', 'anything');

/**
 * OWASP API5:2023 Broken Function Level Authorization: admin functions refuse everyone else, and no route is
 * open unless it says so (checked over every route the app serves, so a new one is covered by this test).
 */
describeEachEngine('OWASP API5 function-level authorization', (engine) => {
  const sessions = useAppWithSessions(engine);
  let t: TestApp, user: LoggedIn, admin: LoggedIn;
  beforeAll(() => ({ t, user, admin } = sessions));

  it.each([
    ['GET', '/api/v1/users', undefined, 200],
    ['POST', '/api/v1/users', { email: 'made-by-admin@example.com', fullName: 'M', password: 'a-long-passphrase' }, 201],
  ] as const)('%s %s is for admins only: 401 anonymous, 403 for a user', async (method, url, payload, adminStatus) => {
    expect((await t.app.inject({ method, url, payload })).statusCode).toBe(401);
    const asUser = await t.app.inject({ method, url, payload, headers: user.headers });
    expect(asUser.statusCode).toBe(403);
    expect(asUser.json()).toMatchObject({ code: 'FORBIDDEN', message: 'Only an admin may do this' });
    expect((await t.app.inject({ method, url, payload, headers: admin.headers })).statusCode).toBe(adminStatus);
  });

  it('deleting a user is for admins only, and not even an admin deletes themselves', async () => {
    const victim = await loginAs(t.app, 'user');
    const remove = (id: number, as?: LoggedIn) => t.app.inject({ method: 'DELETE', url: `/api/v1/users/${id}`, headers: as?.headers });
    expect((await remove(victim.user.id)).statusCode).toBe(401);
    expect((await remove(victim.user.id, user)).statusCode).toBe(403);
    expect((await remove(user.user.id, user)).statusCode).toBe(403);
    expect((await remove(admin.user.id, admin)).json()).toMatchObject({ code: 'FORBIDDEN', message: 'No one may delete themselves' });
    expect((await remove(victim.user.id, admin)).statusCode).toBe(204);
  });

  it('every route that is not public answers an anonymous caller 401, whatever its method and path', async () => {
    const guarded = t.app.routeInventory().filter((route) => route.access !== 'public');
    expect(guarded.length).toBeGreaterThan(10);
    const answers = await Promise.all(
      guarded.map(
        async ({ method, url }) =>
          `${method} ${url} → ${(await t.app.inject({ method: method as InjectOptions['method'], url: concrete(url) })).statusCode}`,
      ),
    );
    expect(answers).toEqual(guarded.map(({ method, url }) => `${method} ${url} → 401`));
  });

  it('the only public routes are reads, the health probes, the docs and the ways to get a token', () => {
    const unexpected = t.app
      .routeInventory()
      .filter((route) => route.access === 'public')
      .filter(({ method, url }) => !['GET', 'HEAD'].includes(method) && !/^\/api\/v1\/auth\/(register|login|refresh|logout)$/.test(url));
    expect(unexpected).toEqual([]);
  });
});

describe('OWASP API5 with stricter settings [sqlite]', () => {
  it('AUTH_REGISTRATION=admin: only an admin can register an account', async () => {
    const t = await startTestApp('sqlite', { auth: { registration: 'admin' } });
    try {
      const register = (headers?: Record<string, string>, email = 'newcomer@example.com') =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          headers,
          payload: { email, fullName: 'N', password: 'a-long-passphrase' },
        });
      expect((await register()).statusCode).toBe(401);
      expect((await register((await loginAs(t.app, 'user')).headers)).statusCode).toBe(403);
      const byAdmin = await register((await loginAs(t.app, 'admin')).headers);
      expect(byAdmin.statusCode).toBe(201);
      expect(byAdmin.json().role).toBe('user');
    } finally {
      await t.close();
    }
  });

  it('AUTH_PUBLIC_READS=false: reading products and items needs a token too', async () => {
    const t = await startTestApp('sqlite', { auth: { publicReads: false } });
    try {
      const { headers } = await loginAs(t.app, 'user');
      for (const url of ['/api/v1/products', '/api/v1/products/1', '/api/v1/items', '/api/v1/items/1']) {
        expect((await t.app.inject({ url })).statusCode).toBe(401);
        expect([200, 404]).toContain((await t.app.inject({ url, headers })).statusCode);
      }
      expect((await t.app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
