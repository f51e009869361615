import { createConnection } from 'node:net';
import { Agent, get } from 'node:http';
import { buildApp } from '../../src/app';
import { drainConnections } from '../../src/http/drain';
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

/** GET on `agent`'s kept-alive connection: status, Connection header and body. */
function getOn(agent: Agent, port: number, path: string): Promise<{ status: number; connection?: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    get({ agent, host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(body) }));
    }).on('error', reject);
  });
}

describe('draining (the first step of SIGTERM in src/server.ts)', () => {
  it('keeps an idle kept-alive connection open for the grace, answering it 503 on readiness with Connection: close', async () => {
    const database = await createTestDatabase('sqlite');
    await migrate(database.config);
    const app = await buildApp(testConfig(database.config));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = await getOn(agent, port, '/health/ready');
      expect(before).toEqual({ status: 200, connection: 'keep-alive', body: { status: 'ok', database: 'ok', pendingMigrations: [] } });
      const started = Date.now();
      const drained = drainConnections(app, 2_000);
      await expect(connect(port)).rejects.toThrow(/ECONNREFUSED/);
      // the connection that was idle when draining began is still there, and is told to hang up
      const during = await getOn(agent, port, '/health/ready');
      expect(during).toEqual({ status: 503, connection: 'close', body: { status: 'unavailable', draining: true } });
      // its client hung up, so draining ends without waiting out the grace
      await drained;
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      agent.destroy();
      await app.close();
      await database.drop();
    }
  });
});
