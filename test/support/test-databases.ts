import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { dropSqlServerDatabase } from './sql-server-drop';
import { assertTsql } from './tsql-checked';

export type Engine = 'sqlite' | 'postgres' | 'mariadb' | 'mssql';

/** Server engines run when their URL is set; `.ci/run` sets PostgreSQL's and MariaDB's to the local servers. */
export const ENGINE_URL_VARIABLE = { postgres: 'TEST_POSTGRES_URL', mariadb: 'TEST_MARIADB_URL', mssql: 'TEST_MSSQL_URL' } as const;

export const ALL_ENGINES: Engine[] = ['sqlite', 'postgres', 'mariadb', 'mssql'];

export function engineUrl(engine: Exclude<Engine, 'sqlite'>): URL | undefined {
  const value = process.env[ENGINE_URL_VARIABLE[engine]];
  return value ? new URL(value) : undefined;
}

export function isEnabled(engine: Engine): boolean {
  return engine === 'sqlite' || engineUrl(engine) !== undefined;
}

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** Refuses anything that does not look like a database a test made, so a test can never drop a real one. */
function assertTestName(name: string): void {
  if (!/^test_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to touch database "${name}": test databases are named test_*`);
}

function serverConfig(type: 'postgres' | 'mariadb' | 'mssql', url: URL, database: string): DatabaseConfig {
  return {
    type,
    host: url.hostname,
    port: Number(url.port) || { postgres: 5432, mariadb: 3306, mssql: 1433 }[type],
    username: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
    poolSize: 4,
    ssl: url.searchParams.get('encrypt') === 'true',
    trustServerCertificate: url.searchParams.get('trustServerCertificate') === 'true',
    logQueries: false,
  };
}

/** Runs one statement on the server's admin database (the one in the URL). */
async function adminQuery(engine: Exclude<Engine, 'sqlite'>, url: URL, sql: string): Promise<void> {
  const admin = serverConfig(engine, url, url.pathname.replace(/^\//, '') || (engine === 'mssql' ? 'master' : ''));
  if (admin.type === 'sqlite') return;
  if (engine === 'postgres') {
    const { Client } = await import('pg');
    const client = new Client({
      host: admin.host,
      port: admin.port,
      user: admin.username,
      password: admin.password,
      database: admin.database,
    });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  } else if (engine === 'mariadb') {
    const mysql = await import('mysql2/promise');
    const connection = await mysql.createConnection({ host: admin.host, port: admin.port, user: admin.username, password: admin.password });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  } else {
    assertTsql(sql);
    const mssql = await import('mssql');
    // a pool of its own (mssql.connect() would share the package's global one), closed after this one statement
    const pool = await new mssql.ConnectionPool({
      server: admin.host,
      port: admin.port,
      user: admin.username,
      password: admin.password,
      database: admin.database,
      options: { encrypt: admin.ssl, trustServerCertificate: admin.trustServerCertificate },
    }).connect();
    try {
      await pool.request().batch(sql);
    } finally {
      await pool.close();
    }
  }
}

const CREATE = {
  postgres: (name: string) => `CREATE DATABASE "${name}"`,
  mariadb: (name: string) => `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  mssql: (name: string) => `CREATE DATABASE [${name}]`,
};

const DROP: Record<'postgres' | 'mariadb', (name: string) => string> = {
  postgres: (name: string) => `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
  mariadb: (name: string) => `DROP DATABASE IF EXISTS \`${name}\``,
};

/** A fresh, empty database of its own for one test file; `drop()` removes it. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsbp-test-'));
    return {
      config: { type: 'sqlite', path: path.join(dir, 'test.sqlite'), logQueries: false },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = engineUrl(engine);
  if (!url) throw new Error(`${ENGINE_URL_VARIABLE[engine]} is not set`);
  const name = `test_${randomBytes(6).toString('hex')}`;
  assertTestName(name);
  await adminQuery(engine, url, CREATE[engine](name));
  return {
    config: serverConfig(engine, url, name),
    drop: async () => {
      assertTestName(name);
      if (engine === 'mssql') await dropSqlServerDatabase((sql) => adminQuery(engine, url, sql), name);
      else await adminQuery(engine, url, DROP[engine](name));
    },
  };
}

/**
 * A database of its own for the surrounding `describe` (or for each test), created before and dropped after.
 * Returns a getter, since the database only exists once the hooks have run.
 */
export function useTestDatabase(engine: Engine, scope: 'all' | 'each' = 'all'): () => TestDatabase {
  let database: TestDatabase | undefined;
  const [before, after] = scope === 'all' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    database = await createTestDatabase(engine);
  });
  after(async () => {
    await database?.drop();
    database = undefined;
  });
  return () => {
    if (!database) throw new Error('the test database exists only inside tests of this describe');
    return database;
  };
}

/** An initialized in-memory SQLite DataSource for a describe block, for tests that read metadata, not data. */
export function useMetadataDataSource(): () => DataSource {
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    dataSource = createDataSource({ type: 'sqlite', path: ':memory:', logQueries: false });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });
  return () => {
    if (!dataSource) throw new Error('the DataSource exists only inside tests of this describe');
    return dataSource;
  };
}
