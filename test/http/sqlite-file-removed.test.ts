import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { sessionOf } from '../support/factories';
import { migrate, testConfig } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

type Entry = { level: number; msg: string };

async function appLogging(database: TestDatabase, lines: string[]): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(database.config, { logLevel: 'warn' }), { logStream: { write: (line) => lines.push(line) } });
  await app.ready();
  return app;
}

/** The SQLite file deleted under a running service: no write is acknowledged into it, and readiness says so. */
describe('the SQLite file deleted while the service runs [sqlite]', () => {
  let database: TestDatabase;
  let app: FastifyInstance | undefined;
  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    await migrate(database.config);
  });
  afterEach(async () => {
    await app?.close();
    await database.drop();
  });

  it('refuses writes with 503 (logged once), and readiness answers 503', async () => {
    const lines: string[] = [];
    app = await appLogging(database, lines);
    const session = await sessionOf(app, 'user');
    const product = { name: 'Lamp', sku: 'LAMP-1', price: 10 };
    expect((await app.inject({ method: 'POST', url: '/api/v1/products', headers: session.headers, payload: product })).statusCode).toBe(
      201,
    );
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);

    const path = (database.config as { path: string }).path;
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });

    for (const sku of ['LAMP-2', 'LAMP-3']) {
      const refused = await app.inject({ method: 'POST', url: '/api/v1/products', headers: session.headers, payload: { ...product, sku } });
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.body).not.toContain(path);
    }
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    const errors = lines.map((line) => JSON.parse(line) as Entry).filter((entry) => entry.level >= 50);
    expect(errors.map((entry) => entry.msg)).toEqual([
      `${path} was deleted while the service ran: refusing writes (503) until the service restarts on a database file`,
    ]);
  });

  it('says so when it starts on a path with no file, instead of silently making an empty database', async () => {
    const path = (database.config as { path: string }).path;
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    const lines: string[] = [];
    app = await appLogging(database, lines);
    const warnings = lines.map((line) => JSON.parse(line) as Entry).filter((entry) => entry.level === 40);
    expect(warnings.map((entry) => entry.msg)).toContain(`no database at ${path}: created a new, empty one`);
  });
});
