import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { backoffMs, TransientRetry } from '../../src/database/transient-retry';
import { ItemsRepository } from '../../src/repositories/items.repository';
import { loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { driverFault, FaultInjection, injectFaults } from '../support/fault-injection';
import { migrate, testConfig } from '../support/test-app';
import { createTestDatabase, Engine, TestDatabase } from '../support/test-databases';

/** The transient codes each engine's driver reports, as database-faults.ts classifies them. */
const TRANSIENT: Record<Exclude<Engine, 'mssql'>, (string | number)[]> = {
  sqlite: ['SQLITE_BUSY'],
  postgres: ['40P01', '40001', '57P01'],
  mariadb: [1213, 1205],
};

const SELECT_ITEMS = /^\s*SELECT[\s\S]*\bFROM\s+["`]?items\b/i;
const INSERT_ITEMS = /^\s*INSERT\s+INTO\s+["`]?items\b/i;

describe('backoffMs: full jitter, doubling, capped', () => {
  const policy = { attempts: 5, baseDelayMs: 50, maxDelayMs: 300 };
  test.each([
    [1, 50],
    [2, 100],
    [3, 200],
    [4, 300],
    [5, 300],
  ])('retry %i waits at most %i ms', (retry, ceiling) => {
    expect(backoffMs(policy, retry, () => 0.999999)).toBe(ceiling);
    expect(backoffMs(policy, retry, () => 0)).toBe(0);
  });
});

describeEachEngine(
  'transient faults from the driver, through the API',
  (engine) => {
    let database: TestDatabase;
    const e = engine as Exclude<Engine, 'mssql'>;
    let app: FastifyInstance;
    let headers: { authorization: string };
    let itemId: number;
    const lines: string[] = [];
    let faults: FaultInjection | undefined;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await migrate(database.config);
      app = await buildApp(testConfig(database.config, { logLevel: 'info' }), { logStream: { write: (line) => lines.push(line) } });
      // two inserts that belong together: what a service would run with TransientRetry.transaction
      app.post<{ Body: { names: [string, string] } }>('/test/pair', { config: { access: 'public' } }, async (request, reply) => {
        const items = new ItemsRepository(app.db);
        const [a, b] = request.body.names;
        const pair = await TransientRetry.of(app.db).transaction(async (manager) => [
          await items.create({ name: a }, manager),
          await items.create({ name: b }, manager),
        ]);
        return reply.status(201).send({ ids: pair.map((item) => item.id) });
      });
      await app.ready();
      ({ headers } = await loginAs(app, 'user'));
      itemId = (await app.inject({ method: 'POST', url: '/api/v1/items', headers, payload: { name: 'seed' } })).json().id;
    });
    afterEach(() => faults?.restore());
    // the app's pool first, then the database (dropping it under an open pool makes the pool complain)
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    const retryLines = () =>
      lines
        .map((line) => JSON.parse(line) as { msg: string; code?: string; level: number })
        .filter((line) => line.msg.startsWith('transient database fault'));
    const namesStored = async (names: string[]) =>
      (await app.db.query(`SELECT name FROM items WHERE name IN (${names.map((n) => `'${n}'`).join(', ')})`)) as { name: string }[];

    test.each(TRANSIENT[e])('a read that fails twice with %s is retried and answers 200, logging each fault once', async (code) => {
      lines.length = 0;
      faults = injectFaults(
        e,
        SELECT_ITEMS,
        (call) => call <= 2,
        () => driverFault(e, code),
      );
      const response = await app.inject({ url: `/api/v1/items/${itemId}` });
      expect(response.statusCode).toBe(200);
      expect(response.json().id).toBe(itemId);
      expect(faults.calls).toBe(3);
      // the code as the driver gives it (mysql2: its name, e.g. ER_LOCK_DEADLOCK for 1213)
      const shown = (driverFault(e, code) as Error & { code: string }).code;
      expect(retryLines().map((line) => [line.level, line.msg.replace(/in \d+ ms/, 'in N ms')])).toEqual([
        [30, `transient database fault (${shown}) on a read: attempt 2 of 3 in N ms`],
        [30, `transient database fault (${shown}) on a read: attempt 3 of 3 in N ms`],
      ]);
    });

    it('a read that fails every attempt is answered 503 DATABASE_UNAVAILABLE with Retry-After after exactly 3 attempts', async () => {
      faults = injectFaults(
        e,
        SELECT_ITEMS,
        () => true,
        () => driverFault(e, TRANSIENT[e][0]),
      );
      const response = await app.inject({ url: `/api/v1/items/${itemId}` });
      faults.restore();
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(faults.calls).toBe(3);
      // the database is fine again: the next request is served (an outage it opened ends at the first probe)
      expect((await app.inject({ url: `/api/v1/items/${itemId}` })).statusCode).toBe(200);
    });

    it('a write outside a transaction is never retried: one attempt, 503, nothing stored', async () => {
      faults = injectFaults(
        e,
        INSERT_ITEMS,
        (call) => call === 1,
        () => driverFault(e, TRANSIENT[e][0]),
      );
      const response = await app.inject({ method: 'POST', url: '/api/v1/items', headers, payload: { name: 'lone write' } });
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('DATABASE_UNAVAILABLE');
      expect(faults.calls).toBe(1);
      expect(await namesStored(['lone write'])).toEqual([]);
    });

    it('a transaction interrupted before COMMIT runs again whole: both rows stored once', async () => {
      faults = injectFaults(
        e,
        INSERT_ITEMS,
        (call) => call === 2,
        () => driverFault(e, TRANSIENT[e][0]),
      );
      const response = await app.inject({ method: 'POST', url: '/test/pair', payload: { names: ['pair a', 'pair b'] } });
      expect(response.statusCode).toBe(201);
      expect(faults.calls).toBe(4);
      expect((await namesStored(['pair a', 'pair b'])).map((row) => row.name).sort()).toEqual(['pair a', 'pair b']);
      expect(retryLines().at(-1)!.msg).toMatch(/on a transaction: attempt 2 of 3/);
    });

    it('a transaction whose COMMIT fails is not run again (its outcome is unknown): 503', async () => {
      faults = injectFaults(
        e,
        /^\s*COMMIT\b/i,
        (call) => call === 1,
        () => driverFault(e, TRANSIENT[e][0]),
      );
      const response = await app.inject({ method: 'POST', url: '/test/pair', payload: { names: ['commit a', 'commit b'] } });
      expect(response.statusCode).toBe(503);
      expect(faults.calls).toBe(1);
      // the injected failure never reached the server, so the rollback that followed undid both rows
      expect(await namesStored(['commit a', 'commit b'])).toEqual([]);
    });
  },
  ['sqlite', 'postgres', 'mariadb'],
);
