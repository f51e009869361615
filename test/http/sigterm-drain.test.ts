import { In } from 'typeorm';
import { buildApp } from '../../src/app';
import { createDataSource } from '../../src/database/data-source';
import { Item } from '../../src/entities/item.entity';
import { loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { keepAliveLoad } from '../support/keep-alive-load';
import { startServerProcess } from '../support/server-process';
import { migrate, testConfig } from '../support/test-app';
import { useTestDatabase } from '../support/test-databases';

const CONNECTIONS = 16;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachEngine(
  'SIGTERM under keep-alive load (src/server.ts in a process of its own)',
  (engine) => {
    const db = useTestDatabase(engine);

    it('answers every request, resets no connection, keeps every acknowledged write, and exits 0 within seconds', async () => {
      await migrate(db().config);
      // a session and a record to read, made before the server starts (tokens are checked by signature only)
      const setup = await buildApp(testConfig(db().config));
      const { headers } = await loginAs(setup, 'user');
      const item = (await setup.inject({ method: 'POST', url: '/api/v1/items', headers, payload: { name: 'seed' } })).json();
      await setup.close();

      const server = await startServerProcess(db().config);
      const load = keepAliveLoad(server.port, headers, item.id, CONNECTIONS);
      try {
        await sleep(700);
        const signalled = Date.now();
        server.child.kill('SIGTERM');
        const code = await server.exited;
        const exitMs = Date.now() - signalled;
        load.stop();
        const tally = await load.done;
        console.log(
          `[${engine}] SIGTERM: ${JSON.stringify({ ...tally, created: tally.created.length, errors: tally.errors.slice(0, 5), exitMs })}`,
        );

        expect(tally.ok).toBeGreaterThan(CONNECTIONS * 3);
        expect({ resets: tally.resets, failed: tally.failed, errors: tally.errors }).toEqual({ resets: 0, failed: 0, errors: [] });
        // every client was told to hang up, then found the door closed: nothing was in the air when it exited
        expect(tally.connectionClose).toBe(CONNECTIONS);
        expect(code === 0 ? 'exit 0' : `exit ${code}: ${server.output()}`).toBe('exit 0');
        expect(exitMs).toBeLessThan(5_000);

        const check = createDataSource(db().config);
        await check.initialize();
        try {
          const stored = await check.getRepository(Item).countBy({ id: In(tally.created) });
          expect(stored).toBe(tally.created.length);
        } finally {
          await check.destroy();
        }
      } finally {
        load.stop();
        server.child.kill('SIGKILL');
        await server.exited;
      }
    });
  },
  ['sqlite', 'postgres'],
);
