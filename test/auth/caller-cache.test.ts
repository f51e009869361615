import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { UsersRepository } from '../../src/repositories/users.repository';
import { LoggedIn, loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import type { Engine } from '../support/test-databases';
import { startTestApp, TestApp, testConfig } from '../support/test-app';
import { tsqlChecked } from '../support/tsql-checked';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The authentication hook's read of the caller (role, active flag) is cached per instance for
 * AUTH_ROLE_CACHE_SECONDS: what this instance changes counts at once, what it did not change within the bound.
 */
describeEachEngine('auth: the caller cache', (engine: Engine) => {
  let t: TestApp;
  let other: FastifyInstance | undefined;
  let reads: jest.SpyInstance;

  beforeEach(() => {
    reads = jest.spyOn(UsersRepository.prototype, 'findFieldsById');
  });
  afterEach(async () => {
    reads.mockRestore();
    await other?.close();
    other = undefined;
    await t?.close();
  });

  const start = async (roleCacheSeconds: number) => {
    t = await startTestApp(engine, { auth: { roleCacheSeconds } });
  };
  const me = (app: FastifyInstance, session: LoggedIn) => app.inject({ url: '/api/v1/auth/me', headers: session.headers });
  const deactivateInSql = (id: number) =>
    tsqlChecked(t.app.db).query(`UPDATE users SET is_active = ${engine === 'postgres' ? 'false' : '0'} WHERE id = ${id}`);
  const patchUser = (app: FastifyInstance, admin: LoggedIn, id: number, payload: object) =>
    app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.headers, payload });

  it('reads a caller once while the entry is young: five requests, one read of the user', async () => {
    await start(60);
    const user = await loginAs(t.app, 'user');
    reads.mockClear();
    for (let i = 0; i < 5; i++) expect((await me(t.app, user)).statusCode).toBe(200);
    expect(reads.mock.calls.filter(([id]) => id === user.user.id)).toHaveLength(1);
  });

  it('AUTH_ROLE_CACHE_SECONDS=0: every request reads the caller, and a change made in SQL counts at once', async () => {
    await start(0);
    const user = await loginAs(t.app, 'user');
    reads.mockClear();
    for (let i = 0; i < 3; i++) expect((await me(t.app, user)).statusCode).toBe(200);
    expect(reads.mock.calls.filter(([id]) => id === user.user.id)).toHaveLength(3);
    await deactivateInSql(user.user.id);
    expect((await me(t.app, user)).statusCode).toBe(401);
  });

  it('a change this instance did not make (SQL by hand) counts once the entry is older than the setting, not before', async () => {
    await start(1);
    const user = await loginAs(t.app, 'user');
    expect((await me(t.app, user)).statusCode).toBe(200);
    await deactivateInSql(user.user.id);
    // within the bound the cached answer stands: the staleness the README documents, and proof the cache is used
    expect((await me(t.app, user)).statusCode).toBe(200);
    await sleep(1_100);
    expect((await me(t.app, user)).statusCode).toBe(401);
  });

  it('two instances: the one that demotes and deactivates enforces it at once, the other within its setting', async () => {
    await start(1);
    other = await buildApp(testConfig(t.database.config, { auth: { roleCacheSeconds: 1 } }));
    await other.ready();
    const admin = await loginAs(t.app, 'admin');
    const target = await loginAs(t.app, 'admin');
    const adminRoute = (app: FastifyInstance) => app.inject({ url: '/api/v1/users?pageSize=1', headers: target.headers });
    // both instances have the target cached as an active admin
    for (const app of [t.app, other]) expect((await adminRoute(app)).statusCode).toBe(200);

    expect((await patchUser(t.app, admin, target.user.id, { role: 'user' })).statusCode).toBe(200);
    expect((await adminRoute(t.app)).statusCode).toBe(403);
    expect((await adminRoute(other)).statusCode).toBe(200);

    expect((await patchUser(t.app, admin, target.user.id, { isActive: false })).statusCode).toBe(200);
    expect((await me(t.app, target)).statusCode).toBe(401);
    await sleep(1_100);
    expect((await adminRoute(other)).statusCode).toBe(401);
  });

  it('a user deleted through the API is refused at once, and an id read as missing is not kept past a create', async () => {
    await start(60);
    const admin = await loginAs(t.app, 'admin');
    const doomed = await loginAs(t.app, 'user');
    expect((await me(t.app, doomed)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${doomed.user.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await me(t.app, doomed)).statusCode).toBe(401);
    // a fresh user is never refused because an earlier read found no one under some id
    const fresh = await loginAs(t.app, 'user');
    expect((await me(t.app, fresh)).statusCode).toBe(200);
  });
});
