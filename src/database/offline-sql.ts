import {
  DataSource,
  DataSourceOptions,
  EntityManager,
  MigrationInterface,
  QueryResult,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
} from 'typeorm';
import { Query } from 'typeorm/driver/Query';
import { inlineParameters } from './sql-literals';

/**
 * Renders the SQL a list of migrations would run, for a DataSource that is never initialized, so a dialect we
 * have no server for (SQL Server in CI) can still be checked. TypeORM's SQL-memory mode already records schema
 * statements instead of running them; what it lacks is answers to its introspection (`dropTable('x')` asks the
 * database what `x` looks like). Here those answers come from an in-memory model: the tables created by the
 * migrations rendered so far, kept current by TypeORM's own cache updates on every alter.
 *
 * Not rendered: the `migrations` bookkeeping table and the transaction TypeORM wraps around each migration.
 */

export type MigrationDirection = 'up' | 'down';

export interface RenderedMigration {
  migration: string;
  statements: string[];
}

/** Something a migration did that only a live database could answer or carry out. */
export class OfflineRenderError extends Error {
  override name = 'OfflineRenderError';
}

/**
 * BaseQueryRunner members that the public QueryRunner type hides. They are the seams TypeORM itself uses for its
 * table cache, so reaching them (by cast) is how the model stands in for the database.
 */
interface RunnerInternals {
  loadedTables: Table[];
  cachedTablePaths: Record<string, string>;
  getTablePath(target: Table | TableForeignKey | string): string;
  loadTables(tableNames?: string[]): Promise<Table[]>;
  /** PostgreSQL only: the name of the type an enum column uses. */
  buildEnumName?(table: Table, column: TableColumn, withSchema?: boolean, disableEscape?: boolean): string;
}

type OfflineRunner = QueryRunner & RunnerInternals;

/** Set by each driver's constructor from the options, so they are known without connecting. */
interface DriverNames {
  schema?: string;
  database?: string;
}

/** Where each engine's session lands when the options name no schema; the database name is in the options. */
const SESSION: Partial<Record<DataSourceOptions['type'], (driver: DriverNames) => { schema?: string; database?: string }>> = {
  mssql: (d) => ({ schema: d.schema ?? 'dbo', database: d.database }),
  postgres: (d) => ({ schema: d.schema ?? 'public', database: d.database }),
  mysql: (d) => ({ schema: d.database, database: d.database }),
  mariadb: (d) => ({ schema: d.database, database: d.database }),
};

function refuse(what: string): never {
  throw new OfflineRenderError(`${what} needs a live database connection`);
}

function createOfflineRunner(dataSource: DataSource): OfflineRunner {
  // A derived object rather than the runner itself: better-sqlite3 hands out one shared runner per DataSource,
  // and everything shadowed below must not leak into it.
  const base = dataSource.createQueryRunner() as OfflineRunner;
  const runner = Object.create(base) as OfflineRunner;
  const model: Table[] = [];

  // One list that getCachedTable reads and replaceCachedTable mutates. getTable()/getTables() would replace it
  // with their result (and read it back), so they are answered from the model below instead.
  Object.defineProperty(runner, 'loadedTables', { get: () => model, set: () => undefined });
  // Own copy: TypeORM writes into this object in place, which would otherwise reach the shared runner.
  runner.cachedTablePaths = {};

  const find = (target: Table | string): Table | undefined => {
    const path = runner.getTablePath(target);
    return model.find((table) => runner.getTablePath(table) === path);
  };
  const renameModelled = (table: Table, newName: string): void => {
    const naming = dataSource.namingStrategy;
    const renamed = table.clone();
    renamed.name = table.name.split('.').slice(0, -1).concat(newName).join('.');
    // A constraint keeps a name the user chose; one the naming strategy made follows the table, as in TypeORM.
    for (const unique of table.uniques) {
      if (unique.name === naming.uniqueConstraintName(table, unique.columnNames)) {
        unique.name = naming.uniqueConstraintName(renamed, unique.columnNames);
      }
    }
    for (const index of table.indices) {
      if (index.name === naming.indexName(table, index.columnNames, index.where)) {
        index.name = naming.indexName(renamed, index.columnNames, index.where);
      }
    }
    for (const foreignKey of table.foreignKeys) {
      const args = [foreignKey.columnNames, runner.getTablePath(foreignKey), foreignKey.referencedColumnNames] as const;
      if (foreignKey.name === naming.foreignKeyName(table, ...args)) foreignKey.name = naming.foreignKeyName(renamed, ...args);
    }
    table.name = renamed.name;
  };
  const lookup = async (names?: string[]): Promise<Table[]> =>
    names ? names.map((name) => find(name)).filter((table): table is Table => table !== undefined) : [...model];
  const session = SESSION[dataSource.options.type]?.(dataSource.driver as DriverNames);

  const overrides: Partial<QueryRunner & RunnerInternals> & Record<string, unknown> = {
    // Reached only from inside TypeORM (migrations get the facade's query): introspection the model can't answer.
    query: async (sql: string) => refuse(`TypeORM's own query \`${sql}\``),
    stream: async () => refuse('stream()'),
    connect: async () => refuse('connect()'),
    startTransaction: async () => refuse('startTransaction()'),
    commitTransaction: async () => refuse('commitTransaction()'),
    rollbackTransaction: async () => refuse('rollbackTransaction()'),

    loadTables: lookup,
    getTables: lookup,
    getTable: async (name: string) => find(name),
    hasTable: async (target: Table | string) => find(target) !== undefined,
    hasColumn: async (target: Table | string, columnName: string) =>
      find(target)?.columns.some((column) => column.name === columnName) ?? false,

    createTable: async (...args: Parameters<QueryRunner['createTable']>) => {
      const [table, , createForeignKeys, createIndices] = args;
      const existed = find(table) !== undefined;
      await base.createTable.apply(runner, args);
      if (existed) return; // ifNotExists: TypeORM skipped it
      // Cloned after the call because TypeORM names unnamed indices on the passed table.
      const modelled = table.clone();
      if (createForeignKeys === false) modelled.foreignKeys = [];
      if (createIndices === false) modelled.indices = [];
      model.push(modelled);
    },
    dropTable: async (...args: Parameters<QueryRunner['dropTable']>) => {
      const existing = find(args[0]);
      await base.dropTable.apply(runner, args);
      if (existing) model.splice(model.indexOf(existing), 1);
    },
    renameTable: async (...args: Parameters<QueryRunner['renameTable']>) => {
      const existing = find(args[0]);
      const oldPath = existing && runner.getTablePath(existing);
      await base.renameTable.apply(runner, args);
      // Most drivers rename the table they looked up (and its default-named constraints) in their cache; not a
      // Table passed in, and PostgreSQL's renameTable never updates its cache. Redo what their SQL just did.
      if (existing && runner.getTablePath(existing) === oldPath) renameModelled(existing, args[1]);
    },
  };

  if (session) {
    overrides.getCurrentSchema = async () => session.schema;
    overrides.getCurrentDatabase = async () => session.database;
  }

  const buildEnumName = base.buildEnumName?.bind(runner);
  if (buildEnumName) {
    const isEnum = (column: TableColumn) => column.type === 'enum' || column.type === 'simple-enum';
    // PostgreSQL creates a type per enum column; it exists while a modelled column still uses it.
    overrides.hasEnumType = async (table: Table, column: TableColumn) => {
      const name = buildEnumName(table, column, false, true);
      return model.some((t) => t.columns.some((c) => isEnum(c) && buildEnumName(t, c, false, true) === name));
    };
    overrides.getUserDefinedTypeName = async (table: Table, column: TableColumn) => {
      const modelled = find(table);
      const modelColumn = modelled?.columns.find((c) => c.name === column.name);
      if (!modelled || !modelColumn || !isEnum(modelColumn)) {
        refuse(`the type of column "${column.name}" on "${table.name}"`);
      }
      return {
        schema: dataSource.driver.parseTableName(modelled).schema ?? session?.schema,
        name: buildEnumName(modelled, modelColumn, false, true),
      };
    };
  }

  Object.assign(runner, overrides);
  // The base runner's manager runs queries on the base runner, which would really connect.
  Object.defineProperty(runner, 'manager', { configurable: true, get: () => refuse('queryRunner.manager') });
  return runner;
}

/**
 * What a migration is handed: its own `query(...)` calls are recorded in order with the schema statements,
 * while methods run bound to the runner so TypeORM's internal queries still reach the refusing `query`.
 */
function migrationFacade(runner: OfflineRunner): QueryRunner {
  const dialect = runner.connection.options.type;
  let manager: EntityManager | undefined;
  const facade: QueryRunner = new Proxy(runner, {
    // EntityManager's constructor assigns itself to `queryRunner.manager`: keep it here, not on the runner
    set(_target, property, value) {
      if (property !== 'manager') return false;
      manager = value as EntityManager;
      return true;
    },
    get(target, property) {
      if (property === 'query') {
        return async (sql: string, parameters?: unknown[], structured?: boolean) => {
          // a script has no placeholders: bound values are written in as literals
          target.getMemorySql().upQueries.push(new Query(inlineParameters(sql, parameters ?? [], dialect)));
          // A migration that branches on what a SELECT returns sees no rows: there is no data offline.
          return structured ? Object.assign(new QueryResult(), { records: [], raw: [], affected: 0 }) : [];
        };
      }
      // data migrations use the query builder through the manager: bind it to this recording facade
      if (property === 'manager') return manager ?? runner.connection.createEntityManager(facade);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return facade;
}

function migrationName(migration: MigrationInterface): string {
  // As TypeORM names a migration: its `name` property if set, else the class name.
  return migration.name || migration.constructor.name;
}

async function render(runner: OfflineRunner, migration: MigrationInterface, step: MigrationDirection): Promise<RenderedMigration> {
  const name = migrationName(migration);
  runner.enableSqlMemory();
  try {
    await migration[step](migrationFacade(runner));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OfflineRenderError(`Cannot render ${name}.${step}() offline: ${reason}`, { cause: error });
  }
  const dialect = runner.connection.options.type;
  // TypeORM's own statements may carry parameters too (e.g. typeorm_metadata rows): inline them as well
  const statements = runner.getMemorySql().upQueries.map((query) => inlineParameters(query.query, query.parameters ?? [], dialect));
  return { migration: name, statements };
}

export interface RenderOptions {
  direction: MigrationDirection;
  /**
   * Migrations already applied beneath `migrations`, oldest first: their `up`s are rendered only to build the
   * schema the later migrations introspect, and their SQL is dropped (a script that starts above base).
   */
  applied?: readonly MigrationInterface[];
}

/**
 * The SQL each migration would run, in run order. For 'down' every `up` is rendered first (and its SQL dropped)
 * to build the schema the `down`s introspect, then the `down`s run newest first, as successive reverts would.
 */
export async function renderMigrationsSql(
  dataSource: DataSource,
  migrations: readonly MigrationInterface[],
  { direction, applied = [] }: RenderOptions,
): Promise<RenderedMigration[]> {
  const runner = createOfflineRunner(dataSource);
  for (const migration of applied) await render(runner, migration, 'up');
  const ups: RenderedMigration[] = [];
  for (const migration of migrations) ups.push(await render(runner, migration, 'up'));
  if (direction === 'up') return ups;

  const downs: RenderedMigration[] = [];
  for (const migration of [...migrations].reverse()) downs.push(await render(runner, migration, 'down'));
  return downs;
}

/** Only `--` comment lines: a note for the reader, which needs no terminator and is no batch of its own. */
const isComment = (statement: string): boolean => statement.split('\n').every((line) => line.trimStart().startsWith('--'));

/**
 * One script a human or a CI job can run: `GO` ends each sqlcmd batch on SQL Server, `;` elsewhere. An entry
 * made only of `--` comment lines is kept as it is, in place.
 */
export function toSqlScript(statements: readonly string[], type: DataSourceOptions['type']): string {
  return statements
    .map((statement) => statement.trim())
    .map((statement) => {
      if (isComment(statement)) return statement;
      if (type === 'mssql') return `${statement}\nGO`;
      return statement.endsWith(';') ? statement : `${statement};`;
    })
    .join('\n');
}
