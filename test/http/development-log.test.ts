import { prettyFactory } from 'pino-pretty';
import { buildApp } from '../../src/app';
import type { AppConfig } from '../../src/config/app-config';
import { DEVELOPMENT_PRETTY_OPTIONS } from '../../src/http/development-log';
import { migrate, testConfig } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

type Entry = { level: number; msg: string; reqId?: string; req?: { url: string } };
const INFO = 30;
const DEBUG = 20;

/** The log entries of two requests (a 200 and a 404) made to an app of the given environment and level. */
async function logOfTwoRequests(database: TestDatabase, env: AppConfig['env'], logLevel: AppConfig['logLevel']) {
  const lines: string[] = [];
  const app = await buildApp(testConfig(database.config, { env, logLevel }), { logStream: { write: (line) => lines.push(line) } });
  try {
    const ok = await app.inject({ method: 'GET', url: '/api/v1/products?page=1' });
    const missing = await app.inject({ method: 'GET', url: '/api/v1/products/999' });
    return {
      entries: lines.map((line) => JSON.parse(line) as Entry),
      ids: [ok.headers['x-request-id'], missing.headers['x-request-id']],
      lines,
    };
  } finally {
    await app.close();
  }
}

describe('request logs [sqlite]', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await migrate(database.config);
  });
  afterAll(async () => database?.drop());

  it('development: one info line per request with method, route, status, time and request id', async () => {
    const { entries, ids } = await logOfTwoRequests(database, 'development', 'info');
    const summaries = entries.filter((e) => e.level === INFO && /^GET /.test(e.msg));
    expect(summaries.map((e) => e.msg.replace(/ \d+\.\d ms/, ' <t> ms'))).toEqual([
      `GET /api/v1/products 200 <t> ms (req ${ids[0]})`,
      `GET /api/v1/products/:id 404 <t> ms (req ${ids[1]})`,
    ]);
    // the 404 also says why, once; nothing else is logged at info for the two requests
    expect(entries.filter((e) => e.level >= INFO).map((e) => e.msg)).toEqual([
      summaries[0].msg,
      'Product 999 was not found',
      summaries[1].msg,
    ]);
  });

  it('development: the request detail is still there at debug', async () => {
    const { entries } = await logOfTwoRequests(database, 'development', 'debug');
    const incoming = entries.filter((e) => e.level === DEBUG && e.msg === 'incoming request');
    expect(incoming.map((e) => e.req?.url)).toEqual(['/api/v1/products?page=1', '/api/v1/products/999']);
  });

  it('production: the JSON entries are unchanged (incoming request, request completed)', async () => {
    const { entries } = await logOfTwoRequests(database, 'production', 'info');
    expect(entries.filter((e) => e.msg === 'incoming request')).toHaveLength(2);
    expect(entries.filter((e) => e.msg === 'request completed')).toHaveLength(2);
    expect(entries.some((e) => /^GET /.test(e.msg))).toBe(false);
  });

  it("development's pretty printer writes each entry on one line, without pid and host name", async () => {
    const { lines } = await logOfTwoRequests(database, 'development', 'info');
    const pretty = prettyFactory({ ...DEVELOPMENT_PRETTY_OPTIONS, colorize: false });
    const printed = lines.map((line) => pretty(line));
    for (const text of printed) expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(printed[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/v1\/products 200 \d+\.\d ms \(req [0-9a-f-]{36}\)\n$/);
    expect(printed.join('')).not.toMatch(/pid|hostname/);
  });
});
