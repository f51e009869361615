import type { DataSource } from 'typeorm';

/** Connections of a server database's pool: handed out, free, and requests waiting for one. */
export interface PoolUsage {
  inUse: number;
  idle: number;
  waiting: number;
}

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
interface MssqlPool {
  borrowed: number;
  available: number;
  pending: number;
}
interface Mysql2Pool {
  _allConnections: { length: number };
  _freeConnections: { length: number };
  _connectionQueue: { length: number };
}

/**
 * What each driver's pool says about itself, read at scrape time; undefined for SQLite (one connection, no pool) and
 * before the pool exists. pg and mssql expose counts; mysql2 only has its internal queues, read as they are named in
 * mysql2/lib/base/pool.js.
 */
export function poolUsage(dataSource: DataSource): PoolUsage | undefined {
  const driver = dataSource.driver as unknown as { master?: unknown; pool?: unknown };
  switch (dataSource.options.type) {
    case 'postgres': {
      const pool = driver.master as PgPool | undefined;
      return pool && { inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount };
    }
    case 'mssql': {
      const pool = driver.master as MssqlPool | undefined;
      return pool && { inUse: pool.borrowed, idle: pool.available, waiting: pool.pending };
    }
    case 'mariadb':
    case 'mysql': {
      const pool = driver.pool as Mysql2Pool | undefined;
      if (!pool?._allConnections) return undefined;
      const idle = pool._freeConnections.length;
      return { inUse: pool._allConnections.length - idle, idle, waiting: pool._connectionQueue.length };
    }
    default:
      return undefined;
  }
}
