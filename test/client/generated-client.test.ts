import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServerProcess, ServerProcess } from '../support/server-process';
import { migrate, startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-databases';
import { walkTour } from './tour-client';

const ROOT = path.join(__dirname, '..', '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

/** The typed client a frontend generates (npm run client:generate), kept current and walked against a real server. */
describe('generated TypeScript client [sqlite]', () => {
  it('client/api.d.ts is what openapi-typescript makes of the document the app serves (run npm run client:generate)', async () => {
    let t: TestApp | undefined;
    const dir = mkdtempSync(path.join(tmpdir(), 'client-'));
    try {
      t = await startTestApp('sqlite');
      writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify((await t.app.inject({ url: '/openapi.json' })).json()));
      execFileSync(bin('openapi-typescript'), [path.join(dir, 'openapi.json'), '--output', path.join(dir, 'api.d.ts')], { stdio: 'pipe' });
      expect(readFileSync(path.join(dir, 'api.d.ts'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'client', 'api.d.ts'), 'utf8'));
    } finally {
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compiles the tour client under tsc --strict', () => {
    const compile = () =>
      execFileSync(
        bin('tsc'),
        [
          '--noEmit',
          '--strict',
          '--skipLibCheck',
          '--target',
          'ES2022',
          '--module',
          'commonjs',
          '--moduleResolution',
          'node',
          '--types',
          'node',
          path.join(__dirname, 'tour-client.ts'),
        ],
        { cwd: ROOT, stdio: 'pipe' },
      );
    expect(compile).not.toThrow();
  });

  describe('walks the README tour against a running server, twice', () => {
    let database: TestDatabase;
    let server: ServerProcess;
    beforeAll(async () => {
      database = await createTestDatabase('sqlite');
      await migrate(database.config);
      server = await startServerProcess(database.config);
    });
    afterAll(async () => {
      server?.child.kill('SIGTERM');
      await server?.exited;
      await database?.drop();
    });

    it.each(['first', 'second'])('the %s time', async (run) => {
      const tour = await walkTour(`http://127.0.0.1:${server.port}`, run);
      expect(tour).toEqual({
        registered: 201,
        created: { status: 201, price: 19.99, owner: expect.any(Number) },
        listed: true,
        changed: 17.5,
        deleted: 204,
        refused: {
          status: 400,
          details: [
            { field: 'sku', reason: 'is required' },
            { field: 'color', reason: 'is not an allowed field' },
            { field: 'name', reason: 'must not be empty' },
            { field: 'price', reason: 'must be > 0' },
          ],
          requestId: true,
        },
      });
    });
  });
});
