import type { DataSource } from 'typeorm';

class BoundNumber {
  constructor(readonly value: number) {}
}

type Escape = (sql: string, parameters: Record<string, unknown>, native: Record<string, unknown>) => [string, unknown[]];

/**
 * TypeORM's SQLite drivers write numeric parameters into the SQL text
 * (AbstractSqliteDriver.escapeQueryWithParameters), so `WHERE id = 1` and `WHERE id = 2` are two statements:
 * every id misses better-sqlite3's 100-entry statement cache and memory grows under load. Boxing numbers makes
 * TypeORM bind them as `?` like any other value; integers go in as BigInt so SQLite binds INTEGER, not REAL.
 */
export function bindSqliteNumbers(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as { escapeQueryWithParameters: Escape };
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters, native) => {
    if (!parameters) return escape(sql, parameters, native);
    const boxed = Object.fromEntries(
      Object.entries(parameters).map(([key, value]) => [key, typeof value === 'number' ? new BoundNumber(value) : value]),
    );
    const [query, values] = escape(sql, boxed, native);
    return [query, values.map(unbox)];
  };
}

function unbox(value: unknown): unknown {
  return value instanceof BoundNumber ? sqliteNumber(value.value) : value;
}

/** A number as SQLite should bind it: integers as BigInt (INTEGER; better-sqlite3 binds a number as REAL). */
export function sqliteNumber(value: number): number | bigint {
  return Number.isSafeInteger(value) ? BigInt(value) : value;
}
