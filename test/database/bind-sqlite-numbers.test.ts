import { DataSource, In, Logger } from 'typeorm';
import type { SqliteConfig } from '../../src/config/app-config';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source';
import { Product } from '../../src/entities/product.entity';
import { User } from '../../src/entities/user.entity';
import { migrate } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

interface ExecutedQuery {
  sql: string;
  parameters: unknown[];
}

/** Records every statement TypeORM hands to the driver, with the values it binds. */
class CapturingLogger implements Logger {
  readonly queries: ExecutedQuery[] = [];
  logQuery(sql: string, parameters?: unknown[]) {
    this.queries.push({ sql, parameters: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}

  /** The statements run by `action` (and only those). */
  async during(action: () => Promise<unknown>): Promise<ExecutedQuery[]> {
    const start = this.queries.length;
    await action();
    return this.queries.slice(start);
  }
}

/**
 * The logger is swapped in with DataSource.setOptions, which is public and rebuilds `dataSource.logger`; the
 * better-sqlite3 query runner reads `dataSource.logger` on every query, so this sees exactly the SQL text and the
 * parameter array that reach better-sqlite3's prepare/run, after TypeORM's (possibly patched) escaping.
 */
function withLogger(dataSource: DataSource): CapturingLogger {
  const logger = new CapturingLogger();
  dataSource.setOptions({ logger });
  return logger;
}

/** better-sqlite3's prepared-statement cache on the DataSource's single query runner (internal, read by cast). */
function statementCache(dataSource: DataSource): Map<string, unknown> {
  return (dataSource.driver as unknown as { queryRunner: { stmtCache: Map<string, unknown> } }).queryRunner.stmtCache;
}

/** `typeof(?)` through the query builder, i.e. through the driver's escapeQueryWithParameters like any query. */
const sqliteTypeOf = (dataSource: DataSource, value: unknown) =>
  dataSource
    .createQueryBuilder()
    .select('typeof(:value)', 'type')
    .addSelect(':value', 'value')
    .from('users', 'u')
    .limit(1)
    .setParameters({ value })
    .getRawOne<{ type: string; value: unknown }>();

let database: TestDatabase;
let config: SqliteConfig;

beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  config = database.config as SqliteConfig;
  await migrate(config);
  const seed = createDataSource(config);
  await seed.initialize();
  try {
    const users = await seed
      .getRepository(User)
      .save(Array.from({ length: 3 }, (_, i) => ({ email: `u${i + 1}@example.com`, fullName: `User ${i + 1}`, passwordHash: 'x' })));
    expect(users.map((user) => user.id)).toEqual([1, 2, 3]);
    await seed.getRepository(Product).insert([
      { name: 'Half', sku: 'HALF', price: 12.5, quantity: 3, userId: 1 },
      { name: 'Whole', sku: 'WHOLE', price: 12, quantity: 4, userId: 2 },
    ]);
  } finally {
    await seed.destroy();
  }
});

afterAll(async () => {
  await database?.drop();
});

describe('createDataSource on SQLite (numbers bound, not inlined)', () => {
  let dataSource: DataSource;
  let logger: CapturingLogger;

  beforeAll(async () => {
    dataSource = createDataSource(config);
    logger = withLogger(dataSource);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  test('findOneBy({ id }) runs one SQL text for every id, with the id as a bound INTEGER', async () => {
    const users = dataSource.getRepository(User);
    let first: User | null = null;
    let second: User | null = null;
    const [one] = await logger.during(async () => (first = await users.findOneBy({ id: 1 })));
    const [two] = await logger.during(async () => (second = await users.findOneBy({ id: 2 })));

    expect(first).toMatchObject({ id: 1, email: 'u1@example.com' });
    expect(second).toMatchObject({ id: 2, email: 'u2@example.com' });
    expect(one.sql).toBe(two.sql);
    expect(one.sql).toMatch(/WHERE \(\("User"\."id" = \?\)\)/);
    expect(one.sql).not.toMatch(/"id" = 1\b/);
    expect(one.parameters).toEqual([1n]);
    expect(two.parameters).toEqual([2n]);
    expect(typeof one.parameters[0]).toBe('bigint');
  });

  test('150 different ids share one prepared statement', async () => {
    const users = dataSource.getRepository(User);
    const queries = await logger.during(async () => {
      for (let id = 1; id <= 150; id++) await users.findOneBy({ id });
    });
    expect(new Set(queries.map((query) => query.sql)).size).toBe(1);
    expect([...statementCache(dataSource).keys()].filter((sql) => sql === queries[0].sql)).toHaveLength(1);
  });

  test.each([
    [1, 'integer', 1],
    [-3, 'integer', -3],
    [0, 'integer', 0],
    [Number.MAX_SAFE_INTEGER, 'integer', Number.MAX_SAFE_INTEGER],
    [12.5, 'real', 12.5],
    [-0.25, 'real', -0.25],
    // Past 2^53 a double is no exact integer: it stays a number and binds as REAL.
    [2 ** 60, 'real', 2 ** 60],
  ])('the number %p reaches SQLite as %s and comes back as %p', async (input, type, output) => {
    const [query] = await logger.during(async () => expect(await sqliteTypeOf(dataSource, input)).toEqual({ type, value: output }));
    expect(query.sql).toBe('SELECT typeof(?) AS "type", ? AS "value" FROM "users" "u" LIMIT 1');
  });

  test('a non-integer number still round-trips as a filter and as a stored value', async () => {
    const products = dataSource.getRepository(Product);
    let found: Product | null = null;
    const [query] = await logger.during(async () => (found = await products.findOneBy({ price: 12.5 })));
    expect(found).toMatchObject({ sku: 'HALF', price: 12.5, quantity: 3 });
    expect(query.parameters).toEqual([12.5]);
    expect(await products.findOneBy({ price: 12 })).toMatchObject({ sku: 'WHOLE', price: 12 });
    expect(await products.findOneBy({ price: 12.25 })).toBeNull();
  });

  test('numbers written by insert and update are stored with the right SQLite type', async () => {
    const products = dataSource.getRepository(Product);
    const queries = await logger.during(async () => {
      await products.insert({ name: 'Typed', sku: 'TYPED', price: 7.75, quantity: 9, userId: 3 });
      await products.update({ sku: 'TYPED' }, { quantity: 10, price: 8 });
    });
    expect(queries.some((query) => /\b9\b|\b10\b|7\.75/.test(query.sql))).toBe(false);
    const [row] = await dataSource.query(
      `SELECT typeof(quantity) AS q, typeof(user_id) AS u, quantity, price FROM products WHERE sku = 'TYPED'`,
    );
    expect(row).toEqual({ q: 'integer', u: 'integer', quantity: 10, price: 8 });
  });

  test('lists (IN) and other values are left alone', async () => {
    const users = await dataSource.getRepository(User).find({ where: { id: In([1, 3]), isActive: true }, order: { id: 'ASC' } });
    expect(users.map((user) => user.id)).toEqual([1, 3]);
    const byEmail = await dataSource.getRepository(User).findOneBy({ email: 'u2@example.com' });
    expect(byEmail?.id).toBe(2);
  });
});

describe('control: TypeORM without bindSqliteNumbers', () => {
  let dataSource: DataSource;
  let logger: CapturingLogger;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(config));
    logger = withLogger(dataSource);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  test('inlines the id, so every id is a different statement', async () => {
    const users = dataSource.getRepository(User);
    const [one] = await logger.during(() => users.findOneBy({ id: 1 }));
    const [two] = await logger.during(() => users.findOneBy({ id: 2 }));
    expect(one.sql).toMatch(/WHERE \(\("User"\."id" = 1\)\)/);
    expect(two.sql).toMatch(/WHERE \(\("User"\."id" = 2\)\)/);
    expect(one.sql).not.toBe(two.sql);
    expect(one.parameters).toEqual([]);
  });

  test('150 different ids fill the 100-entry statement cache', async () => {
    const users = dataSource.getRepository(User);
    const queries = await logger.during(async () => {
      for (let id = 1; id <= 150; id++) await users.findOneBy({ id });
    });
    const texts = new Set(queries.map((query) => query.sql));
    expect(texts.size).toBe(150);
    expect([...statementCache(dataSource).keys()].filter((sql) => texts.has(sql))).toHaveLength(100);
  });

  test('inlines 12.5 as text too', async () => {
    const [query] = await logger.during(() => sqliteTypeOf(dataSource, 12.5));
    expect(query).toEqual({ sql: 'SELECT typeof(12.5) AS "type", 12.5 AS "value" FROM "users" "u" LIMIT 1', parameters: [] });
  });
});
