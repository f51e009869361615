import { describeEachEngine } from '../support/each-engine';
import { createProduct, sessionOf } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const TOKEN = 'test-metrics-token-0123456789';
/** Ids no other number in the scrape is likely to equal, so finding one there means a raw URL became a label. */
const MISSING_ID = 987_654_321;

/** The value of one series (`name{labels}`) in Prometheus' text format, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describeEachEngine('GET /metrics', (engine) => {
  let t: TestApp;
  let scrape: string;
  let productId: number;
  beforeAll(async () => {
    t = await startTestApp(engine, { metrics: { token: TOKEN } });
    const { headers } = await sessionOf(t.app, 'user');
    productId = (await createProduct(t.app)).id;
    expect((await t.app.inject({ url: `/api/v1/products/${productId}`, headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/products/${MISSING_ID}`, headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/no/such/route/${MISSING_ID}` })).statusCode).toBe(404);
    const response = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    scrape = response.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a scrape without the METRICS_TOKEN bearer token, or with another one', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, TOKEN]) {
      const response = await t.app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('UNAUTHORIZED');
    }
  });

  it('counts requests by route pattern, method and status, with a duration histogram', () => {
    const route = '/api/v1/products/:id';
    expect(sample(scrape, `http_requests_total{method="GET",route="${route}",status_code="200"}`)).toBe(1);
    expect(sample(scrape, `http_requests_total{method="GET",route="${route}",status_code="404"}`)).toBe(1);
    expect(sample(scrape, `http_requests_total{method="POST",route="/api/v1/products",status_code="201"}`)).toBe(1);
    expect(sample(scrape, `http_requests_total{method="GET",route="unmatched",status_code="404"}`)).toBe(1);
    expect(sample(scrape, `http_request_duration_seconds_count{method="GET",route="${route}",status_code="200"}`)).toBe(1);
    expect(sample(scrape, `http_request_duration_seconds_bucket{le="+Inf",method="GET",route="${route}",status_code="200"}`)).toBe(1);
  });

  it('never turns a raw URL or id into a label', () => {
    expect(scrape).not.toContain(String(MISSING_ID));
    expect(scrape).not.toContain(`/products/${productId}"`);
    expect(scrape).not.toContain('/no/such/route');
  });

  it('times queries, reports the migration state and the process', () => {
    expect(sample(scrape, 'db_query_duration_seconds_count{operation="select",success="true"}')).toBeGreaterThan(0);
    expect(sample(scrape, 'db_query_duration_seconds_count{operation="insert",success="true"}')).toBeGreaterThan(0);
    expect(sample(scrape, 'db_migrations_pending')).toBe(0);
    const newest = t.app.db.migrations.map((m) => m.constructor.name).sort((a, b) => Number(/\d+$/.exec(a)) - Number(/\d+$/.exec(b)));
    expect(sample(scrape, `db_migration_applied_info{name="${newest.at(-1)}"}`)).toBe(1);
    expect(sample(scrape, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(scrape).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it(engine === 'sqlite' ? 'has no pool series on SQLite (one connection, no pool)' : 'reports the pool: in use, idle, waiting', () => {
    const states = ['in_use', 'idle', 'waiting'].map((state) => sample(scrape, `db_pool_connections{state="${state}"}`));
    if (engine === 'sqlite') expect(states).toEqual([undefined, undefined, undefined]);
    else {
      expect(states.every((value) => Number.isInteger(value) && value! >= 0)).toBe(true);
      expect(states[0]! + states[1]!).toBeGreaterThan(0);
    }
  });

  it('shows a pending migration at the next scrape', async () => {
    await t.app.db.undoLastMigration();
    const response = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(sample(response.body, 'db_migrations_pending')).toBe(1);
    await t.app.db.runMigrations();
  });
});

describe('metrics off [sqlite]', () => {
  it('serves no /metrics and adds no series when the config has no metrics (production default)', async () => {
    const t = await startTestApp('sqlite');
    try {
      expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
