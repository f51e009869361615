import Database from 'better-sqlite3';
import { Connection as MysqlConnection } from 'mysql2';
import { Client } from 'pg';
import type { Engine } from './test-databases';

export interface FaultInjection {
  /** Statements that matched, failed or not: the attempts made. */
  readonly calls: number;
  readonly failed: number;
  restore(): void;
}

/** An error shaped as the engine's driver throws it for `code` (pg: SQLSTATE, mysql2: errno, better-sqlite3: code). */
export function driverFault(engine: Exclude<Engine, 'mssql'>, code: string | number): Error {
  if (engine === 'postgres') return Object.assign(new Error(`injected fault ${code}`), { code: String(code), severity: 'ERROR' });
  if (engine === 'mariadb') {
    const names: Record<number, string> = { 1213: 'ER_LOCK_DEADLOCK', 1205: 'ER_LOCK_WAIT_TIMEOUT' };
    return Object.assign(new Error(`injected fault ${code}`), { errno: Number(code), code: names[Number(code)], sqlState: '40001' });
  }
  return Object.assign(new Error(`injected fault ${code}`), { code: String(code) });
}

/**
 * Makes the driver itself fail the statements whose SQL matches `match`, on the calls (counted from 1) that
 * `failOn` picks, with `error()`: below TypeORM and below the project's prepared statements, as a deadlock or
 * a failover would. Patches the driver's prototype until `restore()`.
 */
export function injectFaults(
  engine: Exclude<Engine, 'mssql'>,
  match: RegExp,
  failOn: (call: number) => boolean,
  error: () => Error,
): FaultInjection {
  const state = { calls: 0, failed: 0 };
  const shouldFail = (sql: string | undefined) => {
    if (typeof sql !== 'string' || !match.test(sql)) return false;
    state.calls++;
    if (!failOn(state.calls)) return false;
    state.failed++;
    return true;
  };
  let restore: () => void;
  if (engine === 'sqlite') {
    const probe = new Database(':memory:');
    const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<'all' | 'run' | 'get', (...args: unknown[]) => unknown>;
    probe.close();
    const originals = { all: statement.all, run: statement.run, get: statement.get };
    for (const method of ['all', 'run', 'get'] as const) {
      statement[method] = function (this: { source: string }, ...args: unknown[]) {
        if (shouldFail(this.source)) throw error();
        return originals[method].apply(this, args);
      };
    }
    restore = () => Object.assign(statement, originals);
  } else if (engine === 'postgres') {
    restore = patchQuery(
      Client.prototype,
      (config) => (typeof config === 'string' ? config : (config as { text?: string })?.text),
      shouldFail,
      error,
    );
  } else {
    // pooled connections inherit query() from Connection: an own property there shadows it for all of them
    restore = patchQuery(
      MysqlConnection.prototype,
      (sql) => (typeof sql === 'string' ? sql : (sql as { sql?: string })?.sql),
      shouldFail,
      error,
    );
  }
  return {
    get calls() {
      return state.calls;
    },
    get failed() {
      return state.failed;
    },
    restore,
  };
}

/**
 * Replaces `query(sql, values?, callback?)` on a driver class (pg's Client, mysql2's Connection): a statement
 * `shouldFail` picks fails with `error()` through the callback, or the returned promise, as the driver would.
 */
function patchQuery(
  target: object,
  textOf: (sql: unknown) => string | undefined,
  shouldFail: (sql: string | undefined) => boolean,
  error: () => Error,
): () => void {
  const prototype = target as { query: (...args: unknown[]) => unknown };
  const own = Object.prototype.hasOwnProperty.call(prototype, 'query');
  const original = prototype.query;
  prototype.query = function (this: unknown, sql: unknown, values?: unknown, callback?: unknown) {
    if (shouldFail(textOf(sql))) {
      const done = typeof values === 'function' ? values : callback;
      if (typeof done === 'function') return void process.nextTick(() => done(error()));
      return Promise.reject(error());
    }
    return original.call(this, sql, values, callback);
  };
  return () => {
    if (own) prototype.query = original;
    else delete (prototype as { query?: unknown }).query;
  };
}
