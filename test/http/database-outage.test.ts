import Database from 'better-sqlite3';
import { buildApp } from '../../src/app';
import type { DatabaseConfig } from '../../src/config/app-config';
import { loginAs } from '../support/auth';
import { migrate, testConfig } from '../support/test-app';
import { createTestDatabase } from '../support/test-databases';
import { startThrowawayPostgres } from '../support/throwaway-postgres';

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
  ms: number;
}

/** The faults a test makes and takes away. */
interface Fault {
  cause(): void;
  clear(): void;
}

interface OutageRun {
  /** Answers while the database was away, in order. */
  during: Answer[];
  /** The first request sent once the database was back. */
  firstAfter: Answer;
  /** Log lines at warn level or above while the database was away, and once it was back. */
  warnings: { level: number; msg: string; refused?: number }[];
  linesDuring: number;
}

async function call(port: number, headers: Record<string, string>, i: number, itemId: number): Promise<Answer> {
  const base = `http://127.0.0.1:${port}/api/v1/items`;
  const started = performance.now();
  const response = await [
    () => fetch(`${base}/${itemId}`),
    () => fetch(`${base}?pageSize=5`),
    () => fetch(base, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"name":"outage"}' }),
  ][i % 3]();
  const body = (await response.json()) as { code?: string };
  return { status: response.status, code: body.code, retryAfter: response.headers.get('retry-after'), ms: performance.now() - started };
}

/**
 * A real listening app on `config`, a client sending GET one, GET list and POST for `durationMs` while `fault`
 * holds, then the first request once it is cleared; with every log line the app wrote meanwhile.
 */
async function driveOutage(config: DatabaseConfig, fault: Fault, durationMs: number): Promise<OutageRun> {
  await migrate(config);
  const lines: string[] = [];
  const app = await buildApp(testConfig(config, { logLevel: 'info' }), { logStream: { write: (line) => lines.push(line) } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  try {
    const { headers } = await loginAs(app, 'user');
    const item = (await app.inject({ method: 'POST', url: '/api/v1/items', headers, payload: { name: 'before' } })).json();
    expect((await call(port, headers, 1, item.id)).status).toBe(200);
    const from = lines.length;
    fault.cause();
    const during: Answer[] = [];
    for (let i = 0, until = Date.now() + durationMs; Date.now() < until; i++) during.push(await call(port, headers, i, item.id));
    const linesDuring = lines.length - from;
    fault.clear();
    const firstAfter = await call(port, headers, 1, item.id);
    const warnings = lines
      .slice(from)
      .map((line) => JSON.parse(line) as { level: number; msg: string; refused?: number })
      .filter((line) => line.level >= 40)
      .map(({ level, msg, refused }) => ({ level, msg, ...(refused === undefined ? {} : { refused }) }));
    return { during, firstAfter, warnings, linesDuring };
  } finally {
    await app.close();
  }
}

function report(engine: string, run: OutageRun): void {
  const refused = run.during.filter((a) => a.status === 503);
  const ms = refused.map((a) => a.ms).sort((a, b) => a - b);
  console.log(
    `[${engine}] outage: ${run.during.length} requests, ${refused.length} answered 503; 503 latency first ${refused[0]?.ms.toFixed(1)} ms, ` +
      `median ${ms[Math.floor(ms.length / 2)]?.toFixed(1)} ms, max after the first ${Math.max(...refused.slice(1).map((a) => a.ms)).toFixed(1)} ms; ` +
      `log lines during ${run.linesDuring} (warn+: ${run.warnings.length}); first request after: ${run.firstAfter.status} in ${run.firstAfter.ms.toFixed(1)} ms`,
  );
}

/** What every engine must show: 503s with Retry-After, fast once the outage is known, two log lines, and a clean return. */
function expectOutageHandled(run: OutageRun): void {
  const refused = run.during.filter((a) => a.status === 503);
  expect(refused.length).toBeGreaterThan(10);
  expect(refused.every((a) => a.code === 'DATABASE_UNAVAILABLE' && a.retryAfter === '1')).toBe(true);
  // nothing but a success (a read that did not need the missing part) or a 503: never a 500
  expect(run.during.filter((a) => a.status !== 200 && a.status !== 201 && a.status !== 503)).toEqual([]);
  // once the outage is known, no request waits on the database
  expect(Math.max(...refused.slice(1).map((a) => a.ms))).toBeLessThan(100);
  expect(run.firstAfter.status).toBe(200);
  expect(run.warnings).toEqual([
    { level: 50, msg: expect.stringMatching(/^database unavailable \(\w+\): answering 503 until it is back$/) },
    { level: 40, msg: expect.stringMatching(/^database available again after [\d.]+ s/), refused: refused.length },
  ]);
}

describe('the database away, against a listening app', () => {
  it('SQLite locked by another process: 503 DATABASE_UNAVAILABLE with Retry-After, one log line each way, back at once', async () => {
    const database = await createTestDatabase('sqlite');
    const config = { ...database.config, busyTimeout: 200 } as DatabaseConfig;
    let holder: Database.Database | undefined;
    const fault = {
      cause: () => {
        holder = new Database((config as { path: string }).path);
        holder.exec('BEGIN EXCLUSIVE');
      },
      clear: () => {
        holder!.exec('ROLLBACK');
        holder!.close();
      },
    };
    try {
      const run = await driveOutage(config, fault, 1_500);
      report('sqlite', run);
      expectOutageHandled(run);
      // the first POST waited for the lock (the busy timeout) before the outage was known
      const first = run.during.find((a) => a.status === 503)!;
      expect(first.ms).toBeGreaterThanOrEqual(200);
    } finally {
      holder?.close();
      await database.drop();
    }
  });

  describe('PostgreSQL stopped (pg_ctl -m immediate stop) and started again', () => {
    let cluster: Awaited<ReturnType<typeof startThrowawayPostgres>> | undefined;
    beforeAll(async () => {
      cluster = await startThrowawayPostgres();
      if (typeof cluster === 'string') console.warn(`skipping the PostgreSQL outage test: ${cluster}`);
    });
    afterAll(() => {
      if (cluster && typeof cluster !== 'string') cluster.remove();
    });

    it('503 DATABASE_UNAVAILABLE with Retry-After within 100 ms, one log line each way, the first request after succeeds', async () => {
      if (!cluster || typeof cluster === 'string') return;
      const { config, stop, start } = cluster;
      const run = await driveOutage(config, { cause: stop, clear: start }, 2_000);
      report('postgres', run);
      expectOutageHandled(run);
    });
  });
});
