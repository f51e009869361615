import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DatabaseConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { UsersRepository } from '../../src/repositories/users.repository';
import { Progress } from './progress';

export type BenchEngine = 'sqlite' | 'postgres';

/** A throwaway, migrated database, and the environment that points the project and the floor at it. */
export interface BenchDatabase {
  engine: BenchEngine;
  config: DatabaseConfig;
  projectEnv: Record<string, string>;
  floorEnv: Record<string, string>;
  /**
   * Called before each timed run: on PostgreSQL, VACUUM ANALYZE, so neither target pays for the dead rows,
   * unset hint bits and stale statistics the other's writes left (autovacuum cannot keep up with a bench).
   */
  settle(): Promise<void>;
  drop(): Promise<void>;
}

/** Throwaway database names start with this; the bench drops nothing else. */
const PREFIX = 'bench_';

async function adminQuery(url: URL, sql: string): Promise<void> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** SQLite: a file in a temporary folder. PostgreSQL: `bench_<random>` on the server BENCH_POSTGRES_URL names. */
export async function createBenchDatabase(engine: BenchEngine, postgresUrl: string | undefined, poolSize: number): Promise<BenchDatabase> {
  let database: BenchDatabase;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsbp-bench-'));
    const file = path.join(dir, 'bench.sqlite');
    database = {
      engine,
      config: { type: 'sqlite', path: file, logQueries: false },
      projectEnv: { DB_TYPE: 'sqlite', SQLITE_PATH: file },
      floorEnv: { FLOOR_SQLITE_PATH: file },
      settle: async () => undefined,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  } else {
    if (!postgresUrl) throw new Error('set BENCH_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to bench PostgreSQL');
    const admin = new URL(postgresUrl);
    const name = `${PREFIX}${randomBytes(6).toString('hex')}`;
    await adminQuery(admin, `CREATE DATABASE "${name}"`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    database = {
      engine,
      config: {
        type: 'postgres',
        host: url.hostname,
        port: Number(url.port) || 5432,
        username: decodeURIComponent(url.username),
        password: url.password ? decodeURIComponent(url.password) : undefined,
        database: name,
        poolSize,
        ssl: false,
        trustServerCertificate: false,
        logQueries: false,
      },
      projectEnv: {
        DB_TYPE: 'postgres',
        POSTGRES_HOST: url.hostname,
        POSTGRES_PORT: url.port || '5432',
        POSTGRES_USER: decodeURIComponent(url.username),
        ...(url.password ? { POSTGRES_PASSWORD: decodeURIComponent(url.password) } : {}),
        POSTGRES_DB: name,
        DB_POOL_SIZE: String(poolSize),
      },
      floorEnv: { FLOOR_POSTGRES_URL: url.toString(), FLOOR_POOL_SIZE: String(poolSize) },
      settle: () => adminQuery(url, 'VACUUM ANALYZE'),
      drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const dataSource = createDataSource(database.config);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return database;
}

const CHUNK = 50_000;
const BASE_EPOCH_S = 1_577_836_800; // 2020-01-01: one second apart, oldest first

/**
 * `count` products written straight into the table in chunks (no HTTP, no ORM: a million rows through the API
 * would take longer than the bench), all owned by one user made through the project's repository.
 */
export async function seedDirectly(database: BenchDatabase, count: number): Promise<void> {
  const dataSource = createDataSource(database.config);
  await dataSource.initialize();
  const progress = new Progress(`seeding ${count.toLocaleString('en-US')} products directly`, count);
  try {
    const owner = await new UsersRepository(dataSource).create({
      email: 'bench-owner@example.com',
      fullName: 'Bench owner',
      passwordHash: 'unused',
    });
    const sqlite = database.engine === 'sqlite';
    // one generated row per i in (from, to]
    const insert = sqlite
      ? `WITH RECURSIVE g(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM g WHERE i < ?)
         INSERT INTO products (name, sku, price, quantity, is_active, status, category, user_id, created_at, updated_at)
         SELECT 'Product ' || i, 'SEED-' || i, (i % 1000) + 0.99, i % 50, 1, 'active', 'cat-' || (i % 20), ?,
                datetime(${BASE_EPOCH_S} + i, 'unixepoch'), datetime(${BASE_EPOCH_S} + i, 'unixepoch') FROM g WHERE i > ?`
      : `INSERT INTO products (name, sku, price, quantity, is_active, status, category, user_id, created_at, updated_at)
         SELECT 'Product ' || i, 'SEED-' || i, (i % 1000) + 0.99, i % 50, true, 'active', 'cat-' || (i % 20), $3,
                to_timestamp(${BASE_EPOCH_S} + i) AT TIME ZONE 'UTC', to_timestamp(${BASE_EPOCH_S} + i) AT TIME ZONE 'UTC'
         FROM generate_series($1::int + 1, $2::int) AS i`;
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK);
      // BigInt: better-sqlite3 binds a plain number as REAL, and 'Product ' || 1.0 is not the name wanted
      await dataSource.query(insert, sqlite ? [BigInt(from), BigInt(to), BigInt(owner.id), BigInt(from)] : [from, to, owner.id]);
      progress.update(to);
    }
    if (!sqlite) await dataSource.query('ANALYZE products');
  } finally {
    progress.done();
    await dataSource.destroy();
  }
}
