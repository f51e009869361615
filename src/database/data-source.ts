import path from 'node:path';
import { DataSource, DataSourceOptions, LogLevel } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { bindSqliteNumbers } from './bind-sqlite-numbers';
import { escapeStringDefaults } from './escape-string-defaults';
import { usePortableTypes } from './column-types';
import { PreparedStatements } from './prepared-statements';
import { SnakeNamingStrategy } from './naming-strategy';
import { TransientRetry } from './transient-retry';

/**
 * Entities and migrations are found by file name, so a new `*.entity.ts` is seen by the app and by
 * `migration:generate` without any import list (the original guide's "forgot to import the model" trap).
 */
const ENTITIES = path.join(__dirname, '..', 'entities', '*.entity.{ts,js}');
const MIGRATIONS = path.join(__dirname, '..', 'migrations', '*.{ts,js}');
const APPLICATION_NAME = 'ts-backend-boilerplate';

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: [ENTITIES],
    migrations: [MIGRATIONS],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Failed queries are not logged here: the error handler logs what it cannot map, with the request id.
    logging: db.logQueries ? ('all' as const) : (['warn', 'migration'] as LogLevel[]),
  };
  if (db.type === 'sqlite') {
    // better-sqlite3 waits synchronously: a long busy timeout stalls every request while another process writes
    const timeout = db.busyTimeout ?? 10_000;
    return { ...common, type: 'better-sqlite3', database: db.path, enableWAL: db.path !== ':memory:', timeout };
  }
  const server = { host: db.host, port: db.port, username: db.username, password: db.password, database: db.database };
  // Bounded, so an unreachable server is a 503 in seconds rather than a request hanging until its own timeout.
  const connectTimeout = db.connectTimeout ?? 5_000;
  switch (db.type) {
    case 'mssql':
      return {
        ...common,
        type: 'mssql',
        ...server,
        pool: { max: db.poolSize, acquireTimeoutMillis: connectTimeout },
        connectionTimeout: connectTimeout,
        // the name shows in sys.dm_exec_sessions: who holds the migration lock, whose query is slow
        options: { encrypt: db.ssl, trustServerCertificate: db.trustServerCertificate, appName: APPLICATION_NAME },
      };
    case 'postgres':
      return {
        ...common,
        type: 'postgres',
        ...server,
        poolSize: db.poolSize,
        connectTimeoutMS: connectTimeout,
        ssl: db.ssl,
        applicationName: APPLICATION_NAME,
      };
    case 'mariadb':
      return {
        ...common,
        type: 'mariadb',
        ...server,
        poolSize: db.poolSize,
        connectTimeout,
        charset: 'utf8mb4_unicode_ci',
      };
  }
}

/** The one way a DataSource is made: by the app, by `ormconfig.ts` and the migration CLI, and by the tests. */
export function createDataSource(db: DatabaseConfig, overrides: Partial<DataSourceOptions> = {}): DataSource {
  const dataSource = new DataSource({ ...dataSourceOptions(db), ...overrides } as DataSourceOptions);
  TransientRetry.configure(dataSource, db.retry);
  escapeStringDefaults(dataSource);
  usePortableTypes(dataSource);
  if (db.type === 'sqlite') bindSqliteNumbers(dataSource);
  if (db.type === 'postgres' && db.preparedStatements === false) PreparedStatements.of(dataSource).unnamed();
  return dataSource;
}
