import { loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { startTestApp, TestApp } from '../support/test-app';

/** The migration undoLastMigration reverts: the newest, by the timestamp its class name ends with. */
const newestMigration = (t: TestApp) =>
  t.app.db.migrations
    .map((migration) => migration.constructor.name)
    .sort((a, b) => Number(/\d+$/.exec(a)) - Number(/\d+$/.exec(b)))
    .at(-1);

/** The tests in this file run in order: they take the schema away, put it back, then close the database. */
describeEachEngine('health routes', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  const ready = () => t.app.inject({ url: '/health/ready' });

  it('GET /health/live answers 200 {status: ok}', async () => {
    const response = await t.app.inject({ url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('GET /health/ready answers 200 with the database ok and no pending migration', async () => {
    const response = await ready();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok', pendingMigrations: [] });
  });

  it('answers 503 naming the pending migration after the last one is reverted, and 200 again once it is re-run', async () => {
    const newest = newestMigration(t);
    await t.app.db.undoLastMigration();
    const pending = await ready();
    expect(pending.statusCode).toBe(503);
    expect(pending.json()).toEqual({ status: 'unavailable', database: 'ok', pendingMigrations: [newest] });

    const applied = await t.app.db.runMigrations();
    expect(applied.map((migration) => migration.name)).toEqual([newest]);
    const back = await ready();
    expect(back.statusCode).toBe(200);
    expect(back.json()).toEqual({ status: 'ok', database: 'ok', pendingMigrations: [] });
    // the schema is really back: the API works on it
    const { headers } = await loginAs(t.app, 'user');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/items', headers, payload: { name: 'after re-migration' } });
    expect(created.statusCode).toBe(201);
  });

  // Last: nothing after this can use the database.
  it('answers 503 with database unreachable once the database is closed, while liveness stays 200', async () => {
    await t.app.db.destroy();
    const response = await ready();
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    const live = await t.app.inject({ url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
  });
});
