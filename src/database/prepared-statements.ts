import type { Database, Statement } from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { DataSource, ObjectLiteral, QueryFailedError, QueryRunner } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { sqliteNumber } from './bind-sqlite-numbers';
import { isQueryObserver } from './query-observer';

/** What a statement gave back: its rows (a SELECT, or a write with RETURNING), and how many rows it changed. */
export interface StatementResult {
  records: ObjectLiteral[];
  affected?: number;
}

/** `:name` as TypeORM's drivers read it (escapeQueryWithParameters); `:...name` spreads an array. */
const PARAMETER = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;

/** A statement's text with positional placeholders, and the parameter each one takes, in order. */
interface Compiled {
  text: string;
  names: string[];
}

/** PostgreSQL's feature_not_supported, which a prepared plan whose result columns changed type raises. */
const STALE_PLAN = '0A000';

/** Statements kept prepared per connection (SQLite) or named per process (PostgreSQL); past this, the oldest go. */
const MAX_STATEMENTS = 2000;

/** A Map used as a first-in, first-out cache of at most MAX_STATEMENTS entries. */
function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  cache.set(key, value);
  if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
  return value;
}

/**
 * Runs the statements the repositories build once per shape (entity-rows.ts) as prepared statements of the
 * driver TypeORM already holds, instead of through TypeORM's query runner, which redoes per call what a statement
 * whose text is fixed does not need: the parameter regex over the SQL (escapeQueryWithParameters),
 * BeforeQuery/AfterQuery broadcasts with their result objects, and, on PostgreSQL, an unnamed statement that the
 * server parses and plans again. Measured in-process, one query at a time (a caller's row by id): SQLite 6.0-6.2
 * against 7.0-10.8 µs, PostgreSQL 170-205 against 266-271 µs. Here:
 *
 * - the `:named` parameters are turned into positional ones once per SQL text;
 * - SQLite (better-sqlite3) keeps one prepared statement per text on TypeORM's own connection, so a transaction
 *   TypeORM opened on it includes these statements, as before;
 * - PostgreSQL sends a named statement, which each pooled connection parses and plans once; inside a
 *   transaction it runs on the transaction's connection.
 *
 * Kept from TypeORM's runner: query logging (`logging`), the slow-query log (`maxQueryExecutionTime`), and
 * failures as QueryFailedError with the driver's error, so the error handler maps them as before. Any other
 * engine, a spread (`:...ids`) parameter, or an entity subscriber listening to queries (beforeQuery/afterQuery)
 * takes TypeORM's runner, which sees and broadcasts every query.
 */
export class PreparedStatements {
  private static readonly byDataSource = new WeakMap<DataSource, PreparedStatements>();
  private readonly compiled = new Map<string, Compiled | null>();
  private readonly sqlite = new Map<string, Statement>();
  private sqliteConnection?: Database;
  private readonly postgresNames = new Map<string, string>();
  private statementCount = 0;
  private named = true;
  /** The engines run here; every other one (and a replicated PostgreSQL) goes through TypeORM's runner. */
  private readonly engine: 'sqlite' | 'postgres' | undefined;

  private constructor(private readonly dataSource: DataSource) {
    const { type } = dataSource.options;
    if (type === 'better-sqlite3') this.engine = 'sqlite';
    else if (type === 'postgres' && !dataSource.driver.isReplicated) this.engine = 'postgres';
  }

  static of(dataSource: DataSource): PreparedStatements {
    let statements = PreparedStatements.byDataSource.get(dataSource);
    if (!statements) PreparedStatements.byDataSource.set(dataSource, (statements = new PreparedStatements(dataSource)));
    return statements;
  }

  /** PostgreSQL: send statements unnamed (parsed and planned on every call), for poolers that drop named ones. */
  unnamed(): void {
    this.named = false;
  }

  /** Runs `sql` with its `:named` parameters bound, on `runner`'s connection when it has a transaction open. */
  async run(sql: string, parameters: ObjectLiteral, runner?: QueryRunner): Promise<StatementResult> {
    const compiled = this.engine && !this.subscribersWatchQueries() ? this.compile(sql, parameters) : null;
    if (!compiled) return this.throughTypeorm(sql, parameters, runner);
    const { text, names } = compiled;
    if (this.engine === 'sqlite') {
      const values = names.map((name) => sqliteValue(parameters[name]));
      return this.timed(text, values, async () => this.runSqlite(text, values));
    }
    const values = names.map((name) => parameters[name]);
    return this.timed(text, values, () => this.runPostgres(text, values, runner));
  }

  private compile(sql: string, parameters: ObjectLiteral): Compiled | null {
    const known = this.compiled.get(sql);
    if (known !== undefined) return known;
    // PostgreSQL numbers parameters, so a repeated one reuses its number; SQLite's `?` takes one value each
    const numbered = this.engine === 'postgres';
    const names: string[] = [];
    let spread = false;
    const text = sql.replace(PARAMETER, (full, isSpread: string | undefined, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(parameters, name)) return full;
      spread ||= Boolean(isSpread) || typeof parameters[name] === 'function';
      const seen = numbered ? names.indexOf(name) : -1;
      if (seen >= 0) return `$${seen + 1}`;
      names.push(name);
      return numbered ? `$${names.length}` : '?';
    });
    return remember(this.compiled, sql, spread ? null : { text, names });
  }

  private subscribersWatchQueries(): boolean {
    const { subscribers } = this.dataSource;
    return (
      subscribers.length > 0 &&
      subscribers.some((subscriber) => !isQueryObserver(subscriber) && (subscriber.beforeQuery || subscriber.afterQuery))
    );
  }

  /** Tells query observers (metrics) what TypeORM's runner would have told them. */
  private observed(query: string, started: number, success: boolean): void {
    const { subscribers } = this.dataSource;
    if (subscribers.length === 0) return;
    const executionTime = performance.now() - started;
    for (const subscriber of subscribers) if (isQueryObserver(subscriber)) subscriber.afterQuery({ query, executionTime, success });
  }

  private runSqlite(text: string, values: unknown[]): StatementResult {
    const connection = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
    if (connection !== this.sqliteConnection) {
      // a DataSource destroyed and initialized again has a new connection: statements of the old one are dead
      this.sqlite.clear();
      this.sqliteConnection = connection;
    }
    const statement = this.sqlite.get(text) ?? remember(this.sqlite, text, connection.prepare(text));
    if (statement.reader) return { records: statement.all(...values) as ObjectLiteral[] };
    return { records: [], affected: statement.run(...values).changes };
  }

  private async runPostgres(text: string, values: unknown[], runner?: QueryRunner): Promise<StatementResult> {
    const connection: Pool | PoolClient = runner ? await runner.connect() : (this.dataSource.driver as unknown as { master: Pool }).master;
    const send = async (name?: string): Promise<StatementResult> => {
      const result = await connection.query({ name, text, values });
      return { records: result.rows, affected: result.rowCount ?? undefined };
    };
    if (!this.named) return send();
    try {
      return await send(this.postgresNames.get(text) ?? this.renamePostgres(text));
    } catch (error) {
      // A migration that changed a column's type while the app ran makes a connection's prepared plan stale
      // ("cached plan must not change result type"): a new name makes every connection prepare it again.
      if ((error as { code?: string }).code !== STALE_PLAN) throw error;
      return send(this.renamePostgres(text));
    }
  }

  private renamePostgres(text: string): string {
    return remember(this.postgresNames, text, `entity_rows_${++this.statementCount}`);
  }

  /** Logs the query as TypeORM's runner would, runs it, logs it if slow, and wraps a failure in QueryFailedError. */
  private async timed(text: string, values: unknown[], execute: () => Promise<StatementResult>): Promise<StatementResult> {
    const { logger, options } = this.dataSource;
    logger.logQuery(text, values);
    const started = performance.now();
    try {
      const result = await execute();
      this.observed(text, started, true);
      const elapsed = Math.round(performance.now() - started);
      if (options.maxQueryExecutionTime && elapsed > options.maxQueryExecutionTime) logger.logQuerySlow(elapsed, text, values);
      return result;
    } catch (error) {
      this.observed(text, started, false);
      logger.logQueryError(error as Error, text, values);
      throw new QueryFailedError(text, values, error as Error);
    }
  }

  private async throughTypeorm(sql: string, parameters: ObjectLiteral, runner?: QueryRunner): Promise<StatementResult> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters);
    const own = runner ?? this.dataSource.createQueryRunner();
    try {
      const result = await own.query(text, values, true);
      return { records: result.records ?? [], affected: result.affected };
    } finally {
      if (!runner) await own.release();
    }
  }
}

/** A value as TypeORM's SQLite driver binds it: booleans as 0/1, dates as UTC text; integers as INTEGER. */
function sqliteValue(value: unknown): unknown {
  if (typeof value === 'number') return sqliteNumber(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return DateUtils.mixedDateToUtcDatetimeString(value);
  return value;
}
