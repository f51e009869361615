import type { DataSource, EntityManager, EntityMetadata, ObjectLiteral, QueryRunner } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { PreparedStatements, StatementResult } from '../database/prepared-statements';
import { TransientRetry } from '../database/transient-retry';
import { ColumnReader, columnReader } from './column-readers';

/** The alias every statement of CrudRepository gives the entity's table. */
export const ROW = 'row';

/**
 * Shapes a client can ask for are many (every filter subset times every sort order), so the cache is bounded:
 * past this many, the oldest statement is dropped and rebuilt if asked for again.
 */
const MAX_STATEMENTS = 500;

/** A statement that only reads, and so may run again: the repositories' SELECTs (a write RETURNING rows is no read). */
const READ = /^\s*SELECT\b/i;

/** How one selected column goes from a row to the entity, worked out once per column. */
interface Hydration {
  alias: string;
  propertyName: string;
  read: ColumnReader;
  /** false: an embedded or virtual relation column, which TypeORM's setEntityValue places. */
  plain: boolean;
  column: ColumnMetadata;
}

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
  private readonly hydrations: Hydration[];
  private readonly sql = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    readonly metadata: EntityMetadata,
  ) {
    this.selected = metadata.columns
      .filter((column) => column.isSelect)
      .map((column) => ({ column, alias: DriverUtils.buildAlias(dataSource.driver, undefined, ROW, column.databaseName) }));
    this.hydrations = this.selected.map(({ column, alias }) => ({
      alias,
      column,
      propertyName: column.propertyName,
      read: columnReader(dataSource, column),
      plain: !column.embeddedMetadata && !column.isVirtual,
    }));
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

  /**
   * Runs `sql` with `:named` parameters bound, in the caller's transaction when `manager` has one. A read outside
   * a transaction is run again after a transient fault; a write, or anything in a transaction, is not (the
   * transaction is retried whole by TransientRetry.transaction, a lone write never).
   */
  async execute(sql: string, parameters: ObjectLiteral, manager?: EntityManager): Promise<StatementResult> {
    const statements = PreparedStatements.of(this.dataSource);
    const runner = manager?.queryRunner;
    if (runner?.isTransactionActive || !READ.test(sql)) return statements.run(sql, parameters, runner);
    return TransientRetry.of(this.dataSource).read(() => statements.run(sql, parameters, runner));
  }

  /** A statement whose rows carry the entity's columns under the `row` alias (a SELECT, or a write RETURNING them). */
  async fetch(sql: string, parameters: ObjectLiteral, manager?: EntityManager): Promise<{ entities: E[]; raw: ObjectLiteral[] }> {
    const raw = (await this.execute(sql, parameters, manager)).records;
    const entities = raw.map((row: ObjectLiteral) => {
      const entity = this.metadata.create(manager?.queryRunner, { fromDeserializer: true }) as E;
      for (const { alias, propertyName, read, plain, column } of this.hydrations) {
        if (!(alias in row)) continue; // a statement selecting some columns only (findFieldsById)
        const value = read(row[alias]);
        if (plain) (entity as ObjectLiteral)[propertyName] = value;
        else column.setEntityValue(entity, value);
      }
      return entity;
    });
    if (entities.length > 0 && (this.metadata.afterLoadListeners.length > 0 || this.dataSource.subscribers.length > 0)) {
      await this.broadcastLoad(entities, manager?.queryRunner);
    }
    return { entities, raw };
  }

  /** @AfterLoad listeners and subscribers' afterLoad, through a runner's broadcaster as TypeORM calls them. */
  private async broadcastLoad(entities: E[], transaction?: QueryRunner): Promise<void> {
    const runner = transaction ?? this.dataSource.createQueryRunner();
    try {
      await runner.broadcaster.broadcast('Load', this.metadata, entities);
    } finally {
      if (!transaction) await runner.release();
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

  /**
   * `UPDATE … SET a = :set_a, … WHERE id = :id [AND <onlyIf> = :only_if]`, keeping the update-date and version
   * columns as TypeORM does.
   */
  updateSql(fields: string[], returning: boolean, onlyIf?: string): string {
    const { driver } = this.dataSource;
    const set = fields.map((field) => `${driver.escape(this.column(field).databaseName)} = :set_${field}`);
    const { updateDateColumn, versionColumn } = this.metadata;
    // the column's own DEFAULT expression, not TypeORM's CURRENT_TIMESTAMP: on MariaDB that has whole seconds only,
    // so an update could move updated_at back before a created_at stored to the microsecond
    if (updateDateColumn && !fields.includes(updateDateColumn.propertyName))
      set.push(`${driver.escape(updateDateColumn.databaseName)} = ${driver.mappedDataTypes.updateDateDefault}`);
    if (versionColumn) set.push(`${driver.escape(versionColumn.databaseName)} = ${driver.escape(versionColumn.databaseName)} + 1`);
    const condition = onlyIf ? ` AND ${driver.escape(this.column(onlyIf).databaseName)} = :only_if` : '';
    const sql = `UPDATE ${this.table()} SET ${set.join(', ')} WHERE ${driver.escape(this.column('id').databaseName)} = :id${condition}`;
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
