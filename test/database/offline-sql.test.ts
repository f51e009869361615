import { OFFLINE_CONFIGS } from '../../src/migrator/offline-script';
import { SQLDialect } from 'antlr4ts-sql';
import Database from 'better-sqlite3';
import { DataSource, MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { OfflineRenderError, RenderedMigration, renderMigrationsSql, toSqlScript } from '../../src/database/offline-sql';
import { column, idColumn } from '../../src/database/portable-schema';
import { loadMigrationFiles } from '../../src/migrator/migration-files';
import { enumCheckAfterDefault, sqlSyntaxErrors, tsqlSyntaxErrors } from '../support/tsql-syntax';

const INITIAL = 'InitialSchema1764000000000';

const CONFIGS = OFFLINE_CONFIGS;

/** Never initialized: rendering must not need a server (there is none at offline.invalid). */
function offlineDataSource(kind: keyof typeof CONFIGS): DataSource {
  return createDataSource(CONFIGS[kind]);
}

function statementsOf(rendered: RenderedMigration[], migration: string): string[] {
  const found = rendered.find((entry) => entry.migration === migration);
  if (!found) throw new Error(`${migration} was not rendered`);
  return found.statements;
}

/** For a readable failure: which statement of which migration the grammar rejected, and where. */
function syntaxReport(rendered: RenderedMigration[], check: (sql: string) => ReturnType<typeof tsqlSyntaxErrors>) {
  return rendered.flatMap(({ migration, statements }) =>
    statements.map((statement) => ({ migration, statement, errors: check(statement) })).filter((entry) => entry.errors.length > 0),
  );
}

const tsqlOfTypeorm = (sql: string) => tsqlSyntaxErrors(enumCheckAfterDefault(sql));

const migrations = loadMigrationFiles().map((file) => file.instance);

test('finds the project migrations by scanning src/migrations', () => {
  expect(migrations.length).toBeGreaterThan(0);
  expect(migrations.map((migration) => migration.constructor.name)).toContain(INITIAL);
});

describe('SQL Server (T-SQL), rendered without a connection', () => {
  const dataSource = offlineDataSource('mssql');
  let up: RenderedMigration[];
  let down: RenderedMigration[];

  beforeAll(async () => {
    up = await renderMigrationsSql(dataSource, migrations, { direction: 'up' });
    down = await renderMigrationsSql(dataSource, migrations, { direction: 'down' });
  });

  test('renders every migration both ways and never initializes the DataSource', () => {
    expect(up.map((entry) => entry.migration)).toEqual(migrations.map((migration) => migration.constructor.name));
    expect(down.map((entry) => entry.migration)).toEqual(up.map((entry) => entry.migration).reverse());
    for (const entry of [...up, ...down]) expect(entry.statements.length).toBeGreaterThan(0);
    expect(dataSource.isInitialized).toBe(false);
  });

  test('every up and down statement is valid T-SQL', () => {
    expect(syntaxReport(up, tsqlOfTypeorm)).toEqual([]);
    expect(syntaxReport(down, tsqlOfTypeorm)).toEqual([]);
  });

  test('the sqlcmd scripts, GO between batches, parse as a whole', () => {
    for (const rendered of [up, down]) {
      const script = toSqlScript(
        rendered.flatMap((entry) => entry.statements),
        'mssql',
      );
      expect(script.match(/^GO$/gm)).toHaveLength(rendered.flatMap((entry) => entry.statements).length);
      expect(tsqlOfTypeorm(script)).toEqual([]);
    }
  });

  test('the initial up creates users, products and items with nvarchar columns and the products → users FK', () => {
    const statements = statementsOf(up, INITIAL);
    const created = statements.flatMap((sql) => /^CREATE TABLE "(\w+)"/.exec(sql)?.[1] ?? []);
    expect(created).toEqual(['users', 'products', 'items']);

    const script = toSqlScript(statements, 'mssql');
    expect(script).toContain('"id" int NOT NULL IDENTITY(1,1)');
    expect(script).toContain('"email" nvarchar(255) NOT NULL');
    expect(script).toContain('"description" nvarchar(1000),');
    expect(script).toContain('"is_active" bit NOT NULL CONSTRAINT "DF_users_is_active" DEFAULT 1');
    expect(script).toContain('"price" decimal(10,2) NOT NULL');
    expect(script).toContain('CONSTRAINT "UQ_users_email" UNIQUE ("email")');
    expect(script).toContain(
      'CONSTRAINT "FK_products_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    expect(script).toContain('CREATE INDEX "IX_products_user_id" ON "products" ("user_id")');
    expect(script).not.toMatch(/\bvarchar\(/i); // every string column is Unicode on SQL Server
  });

  test('the initial down drops the FK first, then items, products, users (reverse dependency order)', () => {
    const statements = statementsOf(down, INITIAL);
    const at = (sql: string) => statements.indexOf(sql);
    expect(statements.filter((sql) => sql.startsWith('DROP TABLE'))).toEqual([
      'DROP TABLE "items"',
      'DROP TABLE "products"',
      'DROP TABLE "users"',
    ]);
    // Only possible because the model remembered the FK and index that `up` created.
    expect(at('ALTER TABLE "products" DROP CONSTRAINT "FK_products_user_id"')).toBeGreaterThanOrEqual(0);
    expect(at('ALTER TABLE "products" DROP CONSTRAINT "FK_products_user_id"')).toBeLessThan(at('DROP TABLE "products"'));
    expect(at('DROP INDEX "IX_products_user_id" ON "products"')).toBeLessThan(at('DROP TABLE "products"'));
    expect(at('DROP TABLE "products"')).toBeLessThan(at('DROP TABLE "users"'));
  });
});

describe('the T-SQL check', () => {
  test('rejects broken T-SQL (negative control)', () => {
    const broken = [
      'CREATE TABLE "users" ("id" int NOT NULL IDENTITY(1,1), "email" nvarchar(255) NOT NULL', // unclosed
      'CREAT TABLE "users" ("id" int NOT NULL)', // misspelt keyword
      'CREATE TABLE "users" ("id" int NOT NULL, CONSTRAINT "PK_users" PRIMARY ("id"))', // PRIMARY without KEY
      'ALTER TABLE "users" ADD COLUMN "nickname" nvarchar(50)', // PostgreSQL/MySQL spelling, not T-SQL
      'CREATE TABLE "users" ("id" int NOT NULL AUTO_INCREMENT)', // MySQL
      'DROP TABLE "users" CASCADE', // not T-SQL
    ];
    for (const sql of broken) expect({ sql, failed: tsqlSyntaxErrors(sql).length > 0 }).toEqual({ sql, failed: true });
  });

  test('rejects a rendered statement once it is broken', async () => {
    const up = await renderMigrationsSql(offlineDataSource('mssql'), migrations, { direction: 'up' });
    const createUsers = statementsOf(up, INITIAL)[0]!;
    expect(tsqlOfTypeorm(createUsers)).toEqual([]);
    // (Not a dropped comma between columns: this grammar makes that comma optional.)
    expect(tsqlOfTypeorm(createUsers.replace('PRIMARY KEY', 'PRIMARY'))).not.toEqual([]);
    expect(tsqlOfTypeorm(createUsers.replace('IDENTITY(1,1)', 'IDENTITY(1,,1)'))).not.toEqual([]);
    expect(tsqlOfTypeorm(createUsers.slice(0, -1))).not.toEqual([]); // unclosed column list
  });

  test('the enum reordering works around a grammar gap only, and only for TypeORM enum CHECKs', () => {
    const enumColumn =
      `ALTER TABLE "products" ADD "status" nvarchar(255) CONSTRAINT CHK_0123456789abcdef0123456789_ENUM ` +
      `CHECK(status IN ('active','inactive')) NOT NULL CONSTRAINT "DF_products_status" DEFAULT 'active'`;
    // If this starts passing, antlr4ts-sql has a newer grammar and enumCheckAfterDefault can go.
    expect(tsqlSyntaxErrors(enumColumn)).not.toEqual([]);
    expect(enumCheckAfterDefault(enumColumn)).toBe(
      `ALTER TABLE "products" ADD "status" nvarchar(255) NOT NULL CONSTRAINT "DF_products_status" DEFAULT 'active' ` +
        `CONSTRAINT CHK_0123456789abcdef0123456789_ENUM CHECK(status IN ('active','inactive'))`,
    );
    expect(tsqlSyntaxErrors(enumCheckAfterDefault(enumColumn))).toEqual([]);
    const other = 'ALTER TABLE "t" ADD "n" int NOT NULL CONSTRAINT "DF_t_n" DEFAULT 0';
    expect(enumCheckAfterDefault(other)).toBe(other);
  });
});

describe('the schema model behind introspection', () => {
  class Evolve1764000000001 implements MigrationInterface {
    async up(queryRunner: QueryRunner): Promise<void> {
      const nickname = column(queryRunner, { name: 'nickname', type: 'string', length: 50, nullable: true });
      await queryRunner.addColumn('users', new TableColumn(nickname));
      await queryRunner.renameColumn('items', 'name', 'title');
      await queryRunner.renameTable('items', 'things');
      await queryRunner.query(`UPDATE "users" SET "nickname" = "full_name"`);
      const label = column(queryRunner, { name: 'label', type: 'string', length: 40 });
      await queryRunner.createTable(new Table({ name: 'tags', columns: [idColumn(queryRunner), label] }));
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropTable('tags');
      await queryRunner.renameTable('things', 'items');
      await queryRunner.renameColumn('items', 'title', 'name');
      await queryRunner.dropColumn('users', 'nickname');
    }
  }
  // sp_rename names no database (the script runs in whichever one it is pointed at), as the other statements do.
  // On top of the initial migration alone, so later project migrations don't change what this expects.
  const all = () => [migrations.find((migration) => migration.constructor.name === INITIAL)!, new Evolve1764000000001()];

  test('a later migration and its down see the tables earlier ones made, and raw SQL is kept in order', async () => {
    const dataSource = offlineDataSource('mssql');
    const up = statementsOf(await renderMigrationsSql(dataSource, all(), { direction: 'up' }), 'Evolve1764000000001');
    expect(up).toEqual([
      'ALTER TABLE "users" ADD "nickname" nvarchar(50)',
      'EXEC sp_rename "items.name", "title"',
      'EXEC sp_rename "items", "things"',
      'EXEC sp_rename "things.PK_items", "PK_things"',
      'UPDATE "users" SET "nickname" = "full_name"',
      expect.stringMatching(/^CREATE TABLE "tags" \("id" int NOT NULL IDENTITY\(1,1\), "label" nvarchar\(40\) NOT NULL/),
    ]);
    const down = await renderMigrationsSql(dataSource, all(), { direction: 'down' });
    expect(statementsOf(down, 'Evolve1764000000001')).toEqual([
      'DROP TABLE "tags"',
      'EXEC sp_rename "things", "items"',
      'EXEC sp_rename "items.PK_things", "PK_items"',
      'EXEC sp_rename "items.title", "name"',
      'ALTER TABLE "users" DROP COLUMN "nickname"',
    ]);
    // The initial down still finds "items" (renamed back) with its FK-free shape.
    expect(statementsOf(down, INITIAL)[0]).toBe('DROP TABLE "items"');
    expect(syntaxReport(down, tsqlOfTypeorm)).toEqual([]);
  });

  test('an operation that needs a live database fails, naming the migration', async () => {
    class DropsUnknown1764000000002 implements MigrationInterface {
      async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable('no_such_table');
      }
      async down(): Promise<void> {}
    }
    class StartsTransaction1764000000003 implements MigrationInterface {
      async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.connect();
      }
      async down(): Promise<void> {}
    }
    const dataSource = offlineDataSource('mssql');
    await expect(renderMigrationsSql(dataSource, [new DropsUnknown1764000000002()], { direction: 'up' })).rejects.toThrow(
      /DropsUnknown1764000000002\.up\(\).*no_such_table/,
    );
    await expect(renderMigrationsSql(dataSource, [new StartsTransaction1764000000003()], { direction: 'up' })).rejects.toThrow(
      OfflineRenderError,
    );
    expect(dataSource.isInitialized).toBe(false);
  });
});

describe('data migrations through the query builder', () => {
  class RenamesStatus1764000000004 implements MigrationInterface {
    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.manager
        .createQueryBuilder()
        .update('products')
        .set({ status: "it's inactive" })
        .where('quantity = :q AND is_active = :active', { q: 0, active: false })
        .execute();
    }
    async down(): Promise<void> {}
  }

  test.each([
    ['mssql', `UPDATE "products" SET "status" = N'it''s inactive' WHERE quantity = 0 AND is_active = 0`],
    ['postgres', `UPDATE "products" SET "status" = 'it''s inactive' WHERE quantity = 0 AND is_active = FALSE`],
    ['sqlite', `UPDATE "products" SET "status" = 'it''s inactive' WHERE quantity = 0 AND is_active = 0`],
  ] as const)('%s: bound values are written in as escaped literals', async (dialect, expected) => {
    const [rendered] = await renderMigrationsSql(offlineDataSource(dialect), [new RenamesStatus1764000000004()], { direction: 'up' });
    expect(rendered.statements).toEqual([expected]);
  });
});

describe('other dialects, rendered without a connection', () => {
  test('PostgreSQL: statements render, and parse with the PL/pgSQL grammar', async () => {
    const dataSource = offlineDataSource('postgres');
    const up = await renderMigrationsSql(dataSource, migrations, { direction: 'up' });
    const down = await renderMigrationsSql(dataSource, migrations, { direction: 'down' });
    const initialUp = statementsOf(up, INITIAL);
    expect(initialUp).toContain(`CREATE TYPE "products_status_enum" AS ENUM('active', 'inactive')`);
    expect(initialUp.filter((sql) => sql.startsWith('CREATE TABLE')).length).toBe(3);
    expect(statementsOf(down, INITIAL).filter((sql) => sql.startsWith('DROP TABLE'))).toEqual([
      'DROP TABLE "items"',
      'DROP TABLE "products"',
      'DROP TABLE "users"',
    ]);
    // The PL/pgSQL grammar accepts TypeORM's PostgreSQL DDL, so it is checked too (and can fail, below).
    const plpgsql = (sql: string) => sqlSyntaxErrors(sql, SQLDialect.PLpgSQL);
    expect(syntaxReport(up, plpgsql)).toEqual([]);
    expect(syntaxReport(down, plpgsql)).toEqual([]);
    expect(plpgsql('CREATE TABLE "users" ("id" SERIAL NOT NULL "email" character varying(255))')).not.toEqual([]);
    expect(dataSource.isInitialized).toBe(false);
  });

  test('SQLite: statements render, and the scripts run on a real in-memory database', async () => {
    const dataSource = offlineDataSource('sqlite');
    const up = await renderMigrationsSql(dataSource, migrations, { direction: 'up' });
    const down = await renderMigrationsSql(dataSource, migrations, { direction: 'down' });
    expect(statementsOf(up, INITIAL).filter((sql) => sql.startsWith('CREATE TABLE')).length).toBe(3);
    expect(dataSource.isInitialized).toBe(false);

    const db = new Database(':memory:');
    const listTables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
    const tables = () => listTables.all().map((row) => row.name);
    try {
      db.exec(
        toSqlScript(
          up.flatMap((entry) => entry.statements),
          'better-sqlite3',
        ),
      );
      expect(tables()).toEqual(expect.arrayContaining(['items', 'products', 'users']));
      db.exec(
        toSqlScript(
          down.flatMap((entry) => entry.statements),
          'better-sqlite3',
        ),
      );
      expect(tables()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
