import { createConnection } from 'node:net';
import { buildApp } from '../../src/app';
import { migrate, testConfig } from '../support/test-app';
import { createTestDatabase } from '../support/test-databases';

/** A new TCP connection, not a pooled keep-alive one (which would queue behind the request in flight). */
function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve();
    });
    socket.on('error', reject);
  });
}

describe('closing the app (what SIGTERM triggers in src/server.ts)', () => {
  it('finishes the request in flight, refuses new connections, then closes the database pool', async () => {
    const database = await createTestDatabase('sqlite');
    await migrate(database.config);
    const app = await buildApp(testConfig(database.config));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const arrived = new Promise<void>((resolve) => (started = resolve));
    app.get('/slow', { config: { access: 'public' } }, async () => {
      started();
      await gate;
      return { items: await app.services.items.list({}) };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    try {
      const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
      await arrived;
      const closed = app.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(app.db.isInitialized).toBe(true); // still serving the request in flight
      await expect(connect(port)).rejects.toThrow(/ECONNREFUSED/);
      release();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        items: { data: [], pagination: { page: 1, pageSize: 20, totalItems: 0, totalPages: 0, nextCursor: null } },
      });
      await closed;
      expect(app.db.isInitialized).toBe(false);
    } finally {
      release();
      await app.close();
      await database.drop();
    }
  });
});
