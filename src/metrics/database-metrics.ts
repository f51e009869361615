import { Gauge, Histogram, type Registry } from 'prom-client';
import { DataSource, MigrationExecutor } from 'typeorm';
import { poolUsage } from '../database/pool-usage';
import { observeQueries, operationOf, queryObserver } from '../database/query-observer';

/** Seconds; an indexed lookup on SQLite takes tens of microseconds, a slow report seconds. */
const QUERY_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
/**
 * Query durations (TypeORM's runner and the prepared statements both report them), the pool's connections where
 * the driver has a pool, and the migration state, read when Prometheus scrapes (a migration applied by another
 * process shows at the next scrape).
 */
export function recordDatabaseMetrics(dataSource: DataSource, registry: Registry): void {
  const queries = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Time each SQL statement took, by its first keyword and outcome',
    labelNames: ['operation', 'success'] as const,
    buckets: QUERY_BUCKETS,
    registers: [registry],
  });
  observeQueries(
    dataSource,
    queryObserver(({ query, executionTime, success }) =>
      queries.observe({ operation: operationOf(query), success: String(success) }, (executionTime ?? 0) / 1000),
    ),
  );

  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections of the database pool: in use, idle, and requests waiting for one (server engines)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const usage = poolUsage(dataSource);
      if (!usage) return;
      this.set({ state: 'in_use' }, usage.inUse);
      this.set({ state: 'idle' }, usage.idle);
      this.set({ state: 'waiting' }, usage.waiting);
    },
  });

  // prom-client collects every metric at once: both gauges wait on one read of the migrations table per scrape,
  // and a scrape during a database outage keeps the last values
  let reading: Promise<void> | undefined;
  const collect = () =>
    (reading ??= readMigrations()
      .catch(() => undefined)
      .finally(() => (reading = undefined)));
  const applied = new Gauge({
    name: 'db_migration_applied_info',
    help: 'The newest applied migration (value 1, its name as a label)',
    labelNames: ['name'] as const,
    registers: [registry],
    collect,
  });
  const pending = new Gauge({
    name: 'db_migrations_pending',
    help: 'Migrations not applied yet (readiness is 503 while any are)',
    registers: [registry],
    collect,
  });
  async function readMigrations(): Promise<void> {
    const executor = new MigrationExecutor(dataSource);
    const [executed, waiting] = await Promise.all([executor.getExecutedMigrations(), executor.getPendingMigrations()]);
    pending.set(waiting.length);
    const newest = executed.reduce<(typeof executed)[number] | undefined>((a, b) => (!a || b.timestamp > a.timestamp ? b : a), undefined);
    applied.reset();
    if (newest) applied.set({ name: newest.name }, 1);
  }
}
