import type { DataSource, EntityManager, EntityMetadata, ObjectLiteral, QueryRunner } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryResult } from 'typeorm/query-runner/QueryResult';

/** The alias every statement of CrudRepository gives the entity's table. */
export const ROW = 'row';

/**
 * Shapes a client can ask for are many (every filter subset times every sort order), so the cache is bounded:
 * past this many, the oldest statement is dropped and rebuilt if asked for again.
 */
const MAX_STATEMENTS = 500;

/**
 * What TypeORM's query builder redoes on every call, done once per statement: the SQL text (built by the query
 * builder itself, or from the entity metadata), kept with its `:named` parameters. A call then only binds
 * values (driver.escapeQueryWithParameters), runs the statement, and turns rows into entities with the same
 * driver conversions and transformers TypeORM applies (prepareHydratedValue), then calls Load listeners. The
 * entity stays the source of truth: columns, names, types and transformers all come from its metadata.
 * Measured: about a third of a GET by id's CPU time was the query builder assembling the same SQL again
 * (bench/README.md).
 */
export class EntityRows<E extends ObjectLiteral> {
  private readonly selected: { column: ColumnMetadata; alias: string }[];
  private readonly sql = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    readonly metadata: EntityMetadata,
  ) {
    this.selected = metadata.columns
      .filter((column) => column.isSelect)
      .map((column) => ({ column, alias: DriverUtils.buildAlias(dataSource.driver, undefined, ROW, column.databaseName) }));
  }

  /** The SQL for `key`, made by `build` the first time. Keys must name everything that changes the text. */
  statement(key: string, build: () => string): string {
    let sql = this.sql.get(key);
    if (sql === undefined) {
      sql = build();
      this.sql.set(key, sql);
      if (this.sql.size > MAX_STATEMENTS) this.sql.delete(this.sql.keys().next().value!);
    }
    return sql;
  }

  /** Runs `sql` with `:named` parameters bound, in the caller's transaction when `manager` has one. */
  async execute(sql: string, parameters: ObjectLiteral, manager?: EntityManager): Promise<QueryResult> {
    return this.withRunner(manager, (runner) => this.query(runner, sql, parameters));
  }

  /** A statement whose rows carry the entity's columns under the `row` alias (a SELECT, or a write RETURNING them). */
  async fetch(sql: string, parameters: ObjectLiteral, manager?: EntityManager): Promise<{ entities: E[]; raw: ObjectLiteral[] }> {
    return this.withRunner(manager, async (runner) => {
      const raw = (await this.query(runner, sql, parameters)).records ?? [];
      const { driver } = this.dataSource;
      const entities = raw.map((row: ObjectLiteral) => {
        const entity = this.metadata.create(runner, { fromDeserializer: true }) as E;
        for (const { column, alias } of this.selected) column.setEntityValue(entity, driver.prepareHydratedValue(row[alias], column));
        return entity;
      });
      if (entities.length > 0 && (this.metadata.afterLoadListeners.length > 0 || this.dataSource.subscribers.length > 0)) {
        await runner.broadcaster.broadcast('Load', this.metadata, entities);
      }
      return { entities, raw };
    });
  }

  private query(runner: QueryRunner, sql: string, parameters: ObjectLiteral): Promise<QueryResult> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters);
    return runner.query(text, values, true);
  }

  private async withRunner<T>(manager: EntityManager | undefined, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = manager?.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      return await work(runner);
    } finally {
      if (!manager?.queryRunner) await runner.release();
    }
  }

  /**
   * Whether the engine hands the written row back from the INSERT / UPDATE itself (RETURNING), which saves a
   * read-back. SQL Server (OUTPUT INSERTED) keeps TypeORM's insert and a read-back until it is tested here.
   */
  returns(operation: 'insert' | 'update'): boolean {
    const { type } = this.dataSource.options;
    if (type === 'postgres' || type === 'better-sqlite3') return true;
    return type === 'mariadb' && this.dataSource.driver.isReturningSqlSupported(operation);
  }

  /** `INSERT INTO … (a, …) VALUES (:set_a, …) RETURNING <the selected columns>`: columns left out get their defaults. */
  insertSql(fields: string[]): string {
    const { driver } = this.dataSource;
    const columns = fields.map((field) => driver.escape(this.column(field).databaseName));
    return `INSERT INTO ${this.table()} (${columns.join(', ')}) VALUES (${fields.map((field) => `:set_${field}`).join(', ')}) ${this.returning()}`;
  }

  /** `UPDATE … SET a = :set_a, … WHERE id = :id`, keeping the update-date and version columns as TypeORM does. */
  updateSql(fields: string[], returning: boolean): string {
    const { driver } = this.dataSource;
    const set = fields.map((field) => `${driver.escape(this.column(field).databaseName)} = :set_${field}`);
    const { updateDateColumn, versionColumn } = this.metadata;
    // the column's own DEFAULT expression, not TypeORM's CURRENT_TIMESTAMP: on MariaDB that has whole seconds only,
    // so an update could move updated_at back before a created_at stored to the microsecond
    if (updateDateColumn && !fields.includes(updateDateColumn.propertyName))
      set.push(`${driver.escape(updateDateColumn.databaseName)} = ${driver.mappedDataTypes.updateDateDefault}`);
    if (versionColumn) set.push(`${driver.escape(versionColumn.databaseName)} = ${driver.escape(versionColumn.databaseName)} + 1`);
    const sql = `UPDATE ${this.table()} SET ${set.join(', ')} WHERE ${driver.escape(this.column('id').databaseName)} = :id`;
    return returning ? `${sql} ${this.returning()}` : sql;
  }

  /** `values` as `:set_<field>` parameters, converted for the database as TypeORM converts them (transformers too). */
  valueParameters(values: ObjectLiteral): ObjectLiteral {
    const parameters: ObjectLiteral = {};
    for (const [field, value] of Object.entries(values)) {
      parameters[`set_${field}`] = this.dataSource.driver.preparePersistentValue(value, this.column(field));
    }
    return parameters;
  }

  private returning(): string {
    const { driver } = this.dataSource;
    return `RETURNING ${this.selected.map(({ column, alias }) => `${driver.escape(column.databaseName)} AS ${driver.escape(alias)}`).join(', ')}`;
  }

  private table(): string {
    return this.metadata.tablePath
      .split('.')
      .map((part) => this.dataSource.driver.escape(part))
      .join('.');
  }

  column(field: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyName(field);
    if (!column) throw new Error(`${this.metadata.targetName} has no column ${field}`);
    return column;
  }
}
