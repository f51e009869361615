import { OFFLINE_CONFIGS } from '../../src/migrator/offline-script';
import { DataSource, MigrationInterface, QueryFailedError, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { alterColumn, ColumnChangeRefusedError, reversibleAlterColumn } from '../../src/database/alter-column';
import { createDataSource } from '../../src/database/data-source';
import { renderMigrationsSql, toSqlScript } from '../../src/database/offline-sql';
import { column, dropTable, idColumn } from '../../src/database/portable-schema';
import { describeEachEngine } from '../support/each-engine';
import { createTestDatabase, Engine, TestDatabase } from '../support/test-databases';
import { enumCheckAfterDefault, tsqlSyntaxErrors } from '../support/tsql-syntax';
import { tsqlChecked } from '../support/tsql-checked';

const TABLE = 'articles';

/** A value exactly 255 characters long, non-ASCII included (all in the BMP, so 255 UTF-16 units on SQL Server too). */
const EXACTLY_255 = `Ωμέγα-Grüße-東京-${'z'.repeat(255 - 'Ωμέγα-Grüße-東京-'.length)}`;

interface Row {
  name: string;
  qty: number;
  note: string | null;
}

const ROWS: Row[] = [
  { name: 'Grüße aus Köln', qty: 7, note: 'first' },
  { name: '東京タワー 🗼', qty: 42, note: null },
  { name: EXACTLY_255, qty: -3, note: 'ünïcödé' },
  { name: 'q'.repeat(101), qty: 0, note: null },
  { name: "O'Brien \\ backslash", qty: 123456, note: 'plain' },
];

function placeholder(engine: Engine, index: number): string {
  return engine === 'postgres' ? `$${index + 1}` : engine === 'mssql' ? `@${index}` : '?';
}

const STATUSES = ['draft', 'live'];

/**
 * `articles`: id, name varchar(255) NOT NULL with an index, qty int NOT NULL, note varchar(255) NULL, status
 * enum('draft','live') NOT NULL DEFAULT 'draft'; five rows.
 */
async function createArticles(queryRunner: QueryRunner, engine: Engine): Promise<void> {
  await queryRunner.createTable(
    new Table({
      name: TABLE,
      columns: [
        idColumn(queryRunner),
        column(queryRunner, { name: 'name', type: 'string', length: 255 }),
        column(queryRunner, { name: 'qty', type: 'int' }),
        column(queryRunner, { name: 'note', type: 'string', length: 255, nullable: true }),
        column(queryRunner, { name: 'status', type: 'enum', enum: STATUSES, default: 'draft' }),
      ],
      indices: [new TableIndex({ name: 'IX_articles_name', columnNames: ['name'] })],
    }),
  );
  for (const [i, row] of ROWS.entries()) {
    const values = [row.name, row.qty, row.note, STATUSES[i % 2]];
    await tsqlChecked(queryRunner).query(
      `INSERT INTO ${TABLE} (name, qty, note, status) VALUES (${values.map((_, i) => placeholder(engine, i)).join(', ')})`,
      values,
    );
  }
}

interface StoredRow {
  name: string;
  qty: number;
  note: string | null;
}

/** The rows as stored, in insert order, numbers as numbers (PostgreSQL and MariaDB return decimals as strings). */
async function storedRows(queryRunner: QueryRunner): Promise<StoredRow[]> {
  const rows: Array<{ name: string; qty: unknown; note: string | null }> = await tsqlChecked(queryRunner).query(
    `SELECT name, qty, note FROM ${TABLE} ORDER BY id`,
  );
  return rows.map((row) => ({ name: row.name, qty: Number(row.qty), note: row.note }));
}

/** What a migration's author compares: the definition TypeORM reads back from the database. */
function definition(tableColumn: TableColumn | undefined) {
  if (!tableColumn) return undefined;
  const { type, length, precision, scale, isNullable, default: defaultValue } = tableColumn;
  return { type, length, precision: precision ?? undefined, scale: scale ?? undefined, isNullable, default: defaultValue ?? undefined };
}

async function columnDefinition(queryRunner: QueryRunner, name: string) {
  const table = await queryRunner.getTable(TABLE);
  return definition(table?.findColumnByName(name));
}

/** The cached Table TypeORM's next schema call would use (BaseQueryRunner.getCachedTable). */
async function cachedColumn(queryRunner: QueryRunner, name: string): Promise<TableColumn | undefined> {
  const table = await (queryRunner as unknown as { getCachedTable(name: string): Promise<Table> }).getCachedTable(TABLE);
  return table.findColumnByName(name);
}

describeEachEngine(
  'alterColumn changes a column in place and keeps its data',
  (engine) => {
    let database: TestDatabase;
    let dataSource: DataSource;
    let queryRunner: QueryRunner;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      dataSource = createDataSource(database.config, { migrations: [], entities: [] });
      await dataSource.initialize();
      queryRunner = dataSource.createQueryRunner();
    });

    afterAll(async () => {
      await queryRunner?.release();
      await dataSource?.destroy();
      await database?.drop();
    });

    beforeEach(async () => {
      await queryRunner.dropTable(TABLE, true);
      await createArticles(queryRunner, engine);
    });

    const original: Row[] = ROWS.map((row) => ({ ...row }));

    test('the fixture holds what was inserted, the 255-character value included', async () => {
      expect(EXACTLY_255).toHaveLength(255);
      expect(await storedRows(queryRunner)).toEqual(original);
    });

    test('varchar 255 → 500 keeps every value and the index on the column; down restores varchar(255)', async () => {
      const before = await columnDefinition(queryRunner, 'name');

      const changed = await alterColumn(queryRunner, TABLE, 'name', { type: 'string', length: 500 });
      expect(changed.length).toBe('500');
      expect(await storedRows(queryRunner)).toEqual(original);
      const table = (await queryRunner.getTable(TABLE))!;
      expect(table.findColumnByName('name')).toMatchObject({ length: '500', isNullable: false });
      expect(table.columns.map((c) => c.name)).toEqual(['id', 'name', 'qty', 'note', 'status']); // not moved to the end
      expect(table.indices.map((index) => [index.name, index.columnNames])).toEqual([['IX_articles_name', ['name']]]);
      // a longer value now fits
      await tsqlChecked(queryRunner).query(`UPDATE ${TABLE} SET name = ${placeholder(engine, 0)} WHERE qty = 0`, ['w'.repeat(500)]);

      await tsqlChecked(queryRunner).query(`UPDATE ${TABLE} SET name = ${placeholder(engine, 0)} WHERE qty = 0`, ['q'.repeat(101)]);
      await alterColumn(queryRunner, TABLE, 'name', { type: 'string', length: 255 });
      expect(await columnDefinition(queryRunner, 'name')).toEqual(before);
      expect(await storedRows(queryRunner)).toEqual(original);
      expect((await queryRunner.getTable(TABLE))!.indices.map((index) => [index.name, index.columnNames])).toEqual([
        ['IX_articles_name', ['name']],
      ]);
    });

    test("keeps TypeORM's table cache in step with the database", async () => {
      await queryRunner.getTable(TABLE);
      await alterColumn(queryRunner, TABLE, 'name', { length: 500 });
      expect(await cachedColumn(queryRunner, 'name')).toMatchObject({ length: '500' });
      await alterColumn(queryRunner, TABLE, 'qty', { type: 'decimal', precision: 10, scale: 2 });
      expect(await cachedColumn(queryRunner, 'qty')).toMatchObject({ precision: 10, scale: 2 });
      expect(await cachedColumn(queryRunner, 'name')).toMatchObject({ length: '500' });
    });

    test('narrowing 500 → 100 is refused with the number of rows that are too long, and changes nothing', async () => {
      await alterColumn(queryRunner, TABLE, 'name', { type: 'string', length: 500 });
      const widened = await columnDefinition(queryRunner, 'name');

      const attempt = alterColumn(queryRunner, TABLE, 'name', { type: 'string', length: 100 });
      await expect(attempt).rejects.toBeInstanceOf(ColumnChangeRefusedError);
      await expect(attempt).rejects.toMatchObject({ table: TABLE, column: 'name', rows: 2 });
      await expect(attempt).rejects.toThrow(
        /^Refusing to alter column "name" of table "articles" to \w+( varying)?\(100\) NOT NULL: 2 rows have values longer than 100 characters/,
      );
      expect(await columnDefinition(queryRunner, 'name')).toEqual(widened);
      expect(await storedRows(queryRunner)).toEqual(original);
      expect(queryRunner.isTransactionActive).toBe(false);

      // exactly as long as the longest value is no narrowing that loses anything
      await alterColumn(queryRunner, TABLE, 'name', { length: 255 });
      expect(await storedRows(queryRunner)).toEqual(original);
    });

    test('int → decimal(10,2) keeps the values; down restores int', async () => {
      const before = await columnDefinition(queryRunner, 'qty');

      await alterColumn(queryRunner, TABLE, 'qty', { type: 'decimal', precision: 10, scale: 2 });
      expect(await columnDefinition(queryRunner, 'qty')).toMatchObject({ precision: 10, scale: 2 });
      expect(await storedRows(queryRunner)).toEqual(original);
      await tsqlChecked(queryRunner).query(`UPDATE ${TABLE} SET qty = 12.5 WHERE qty = 7`);
      expect((await storedRows(queryRunner))[0].qty).toBe(12.5);

      // 12.5 would be rounded by int: refused with the count; put back the whole number, then down goes through
      await expect(alterColumn(queryRunner, TABLE, 'qty', { type: 'int' })).rejects.toMatchObject({ rows: 1 });
      await expect(alterColumn(queryRunner, TABLE, 'qty', { type: 'decimal', precision: 5, scale: 2 })).rejects.toThrow(
        /1 row has a value that does not fit \w+\(5,2\) without overflow or rounding/,
      );
      await tsqlChecked(queryRunner).query(`UPDATE ${TABLE} SET qty = 7 WHERE qty = 12.5`);
      await alterColumn(queryRunner, TABLE, 'qty', { type: 'int' });
      expect(await columnDefinition(queryRunner, 'qty')).toEqual(before);
      expect(await storedRows(queryRunner)).toEqual(original);
    });

    test('nullable → NOT NULL with a default: refused over NULLs, done after filling them; down restores nullable', async () => {
      const before = await columnDefinition(queryRunner, 'note');
      expect(before).toMatchObject({ isNullable: true, default: undefined });

      await expect(alterColumn(queryRunner, TABLE, 'note', { nullable: false, default: 'n/a' })).rejects.toThrow(
        /^Refusing to alter column "note" of table "articles" to .* NOT NULL: 2 rows are NULL/,
      );
      expect(await storedRows(queryRunner)).toEqual(original);

      await alterColumn(queryRunner, TABLE, 'note', { nullable: false, default: 'n/a', fillNulls: 'n/a' });
      const filled = original.map((row) => ({ ...row, note: row.note ?? 'n/a' }));
      expect(await storedRows(queryRunner)).toEqual(filled);
      expect(await columnDefinition(queryRunner, 'note')).toMatchObject({ isNullable: false, length: before!.length, type: before!.type });
      expect((await queryRunner.getTable(TABLE))!.findColumnByName('note')!.default).toMatch(/'n\/a'/);
      // the default applies to new rows, NULL is now refused
      await tsqlChecked(queryRunner).query(`INSERT INTO ${TABLE} (name, qty) VALUES ('defaulted', 1)`);
      expect((await storedRows(queryRunner)).at(-1)).toEqual({ name: 'defaulted', qty: 1, note: 'n/a' });
      await expect(tsqlChecked(queryRunner).query(`INSERT INTO ${TABLE} (name, qty, note) VALUES ('null', 1, NULL)`)).rejects.toThrow(
        QueryFailedError,
      );
      await tsqlChecked(queryRunner).query(`DELETE FROM ${TABLE} WHERE name = 'defaulted'`);

      await alterColumn(queryRunner, TABLE, 'note', { nullable: true, default: null });
      expect(await columnDefinition(queryRunner, 'note')).toEqual(before);
      expect(await storedRows(queryRunner)).toEqual(filled); // the filled values stay: down cannot know which were NULL
    });

    test('int → string(20) → int keeps the values (PostgreSQL needs a cast back, added as USING)', async () => {
      const before = await columnDefinition(queryRunner, 'qty');
      await alterColumn(queryRunner, TABLE, 'qty', { type: 'string', length: 20 });
      const asText: Array<{ qty: string }> = await tsqlChecked(queryRunner).query(`SELECT qty FROM ${TABLE} ORDER BY id`);
      expect(asText.map((row) => row.qty)).toEqual(ROWS.map((row) => String(row.qty)));
      await expect(alterColumn(queryRunner, TABLE, 'qty', { length: 5 })).rejects.toMatchObject({ rows: 1 }); // '123456'
      await alterColumn(queryRunner, TABLE, 'qty', { type: 'int' });
      expect(await columnDefinition(queryRunner, 'qty')).toEqual(before);
      expect(await storedRows(queryRunner)).toEqual(original);
    });

    test('enum values: adding one keeps the rows, dropping one in use is refused, down restores the list', async () => {
      const table = await queryRunner.getTable(TABLE);
      const before = { ...definition(table!.findColumnByName('status')), enum: table!.findColumnByName('status')!.enum };
      const statuses = async () =>
        ((await tsqlChecked(queryRunner).query(`SELECT status FROM ${TABLE} ORDER BY id`)) as Array<{ status: string }>).map(
          (r) => r.status,
        );
      const stored = ROWS.map((_, i) => STATUSES[i % 2]);

      await alterColumn(queryRunner, TABLE, 'status', { enum: [...STATUSES, 'archived'] });
      expect(await statuses()).toEqual(stored);
      expect((await queryRunner.getTable(TABLE))!.findColumnByName('status')!.enum).toEqual(['draft', 'live', 'archived']);
      await tsqlChecked(queryRunner).query(`UPDATE ${TABLE} SET status = 'archived' WHERE qty = 0`);

      await expect(alterColumn(queryRunner, TABLE, 'status', { enum: STATUSES })).rejects.toThrow(
        /^Refusing to alter column "status" of table "articles" to .*: 1 row holds a value outside \(draft, live\)/,
      );
      await tsqlChecked(queryRunner).query(`UPDATE ${TABLE} SET status = 'live' WHERE qty = 0`);
      await alterColumn(queryRunner, TABLE, 'status', { enum: STATUSES });
      const after = (await queryRunner.getTable(TABLE))!.findColumnByName('status')!;
      expect({ ...definition(after), enum: after.enum }).toEqual(before);
      expect(await statuses()).toEqual(stored);
      await tsqlChecked(queryRunner).query(`INSERT INTO ${TABLE} (name, qty) VALUES ('defaulted', 1)`);
      expect((await statuses()).at(-1)).toBe('draft');
    });

    test('a change that changes nothing runs nothing', async () => {
      const before = queryRunner.getMemorySql().upQueries.length;
      await alterColumn(queryRunner, TABLE, 'name', { type: 'string', length: 255, nullable: false });
      expect(queryRunner.getMemorySql().upQueries.length).toBe(before);
    });
  },
  ['sqlite', 'postgres', 'mariadb', 'mssql'],
);

describeEachEngine(
  "control: TypeORM's own changeColumn on a length change",
  (engine) => {
    let database: TestDatabase;
    let dataSource: DataSource;
    let queryRunner: QueryRunner;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      dataSource = createDataSource(database.config, { migrations: [], entities: [] });
      await dataSource.initialize();
      queryRunner = dataSource.createQueryRunner();
    });

    afterAll(async () => {
      await queryRunner?.release();
      await dataSource?.destroy();
      await database?.drop();
    });

    beforeEach(async () => {
      await queryRunner.dropTable(TABLE, true);
      await createArticles(queryRunner, engine);
    });

    async function widenWithTypeorm(name: string): Promise<void> {
      const table = (await queryRunner.getTable(TABLE))!;
      const oldColumn = table.findColumnByName(name)!;
      const newColumn = oldColumn.clone();
      newColumn.length = '500';
      await queryRunner.changeColumn(table, oldColumn, newColumn);
    }

    test('a nullable varchar 255 → 500 comes back with every value NULL', async () => {
      expect((await storedRows(queryRunner)).map((row) => row.note)).toEqual(['first', null, 'ünïcödé', null, 'plain']);
      await widenWithTypeorm('note');
      expect((await storedRows(queryRunner)).map((row) => row.note)).toEqual([null, null, null, null, null]);
      expect(await columnDefinition(queryRunner, 'note')).toMatchObject({ length: '500', isNullable: true });
      // dropped and added again: now after status
      expect((await queryRunner.getTable(TABLE))!.columns.map((c) => c.name)).toEqual(['id', 'name', 'qty', 'status', 'note']);
    });

    if (engine === 'postgres') {
      test('a NOT NULL varchar: the column is dropped, re-adding it fails, and (outside a transaction) it is gone', async () => {
        const attempt = widenWithTypeorm('name');
        await expect(attempt).rejects.toThrow(QueryFailedError);
        await expect(attempt).rejects.toMatchObject({ driverError: { code: '23502' } });
        await expect(attempt).rejects.toThrow('column "name" of relation "articles" contains null values');
        const table = (await queryRunner.getTable(TABLE))!;
        expect(table.columns.map((c) => c.name)).toEqual(['id', 'qty', 'note', 'status']);
        expect(table.indices).toEqual([]); // the index went with the column
      });

      test('the same inside a transaction (as migrations run) fails and rolls back: nothing lost, nothing changed', async () => {
        await queryRunner.startTransaction();
        await expect(widenWithTypeorm('name')).rejects.toThrow('contains null values');
        await queryRunner.rollbackTransaction();
        expect(await storedRows(queryRunner)).toEqual(ROWS);
        expect((await queryRunner.getTable(TABLE))!.columns.map((c) => c.name)).toEqual(['id', 'name', 'qty', 'note', 'status']);
        expect(await columnDefinition(queryRunner, 'name')).toMatchObject({ length: '255' });
      });
    }

    if (engine === 'mariadb') {
      test("a NOT NULL varchar: every value becomes '', the index is gone, the column moves to the end", async () => {
        await widenWithTypeorm('name');
        expect((await storedRows(queryRunner)).map((row) => row.name)).toEqual(['', '', '', '', '']);
        const table = (await queryRunner.getTable(TABLE))!;
        expect(table.columns.map((c) => c.name)).toEqual(['id', 'qty', 'note', 'status', 'name']);
        expect(table.findColumnByName('name')).toMatchObject({ length: '500', isNullable: false });
        expect(table.indices).toEqual([]);
      });
    }
  },
  ['postgres', 'mariadb'],
);

// ---------------------------------------------------------------------------------------------------------------
// SQL Server offline: the statements alterColumn records in SQL-memory mode, as `migration:sql` renders them.
// ---------------------------------------------------------------------------------------------------------------

class CreateArticles1765000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE,
        columns: [
          idColumn(queryRunner),
          column(queryRunner, { name: 'name', type: 'string', length: 255, default: 'unnamed' }),
          column(queryRunner, { name: 'qty', type: 'int' }),
          column(queryRunner, { name: 'status', type: 'enum', enum: ['draft', 'live'], default: 'draft' }),
          column(queryRunner, { name: 'note', type: 'string', length: 255, nullable: true }),
        ],
        indices: [new TableIndex({ name: 'IX_articles_name', columnNames: ['name'] })],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, TABLE);
  }
}

class WidenArticleName1765000000001 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await alterColumn(queryRunner, TABLE, 'name', { type: 'string', length: 500 });
    await alterColumn(queryRunner, TABLE, 'qty', { type: 'decimal', precision: 10, scale: 2 });
    await alterColumn(queryRunner, TABLE, 'note', { nullable: false, default: 'n/a', fillNulls: 'n/a' });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await alterColumn(queryRunner, TABLE, 'note', { nullable: true, default: null });
    await alterColumn(queryRunner, TABLE, 'qty', { type: 'int' });
    await alterColumn(queryRunner, TABLE, 'name', { type: 'string', length: 255 });
  }
}

const OFFLINE_MSSQL = OFFLINE_CONFIGS.mssql;

describe('alterColumn rendered offline for SQL Server', () => {
  const migrations = [new WidenArticleName1765000000001()];
  const applied = [new CreateArticles1765000000000()];
  let up: string[];
  let down: string[];

  beforeAll(async () => {
    const dataSource = createDataSource(OFFLINE_MSSQL);
    up = (await renderMigrationsSql(dataSource, migrations, { direction: 'up', applied }))[0].statements;
    down = (await renderMigrationsSql(dataSource, migrations, { direction: 'down', applied }))[0].statements;
    expect(dataSource.isInitialized).toBe(false);
  });

  test('up: drops the index and default on name, alters it in place, recreates both; int → decimal; fills NULLs', () => {
    expect(up).toEqual([
      'DROP INDEX "IX_articles_name" ON "articles"',
      'ALTER TABLE "articles" DROP CONSTRAINT "DF_articles_name"',
      'ALTER TABLE "articles" ALTER COLUMN "name" nvarchar(500) NOT NULL',
      `ALTER TABLE "articles" ADD CONSTRAINT "DF_articles_name" DEFAULT 'unnamed' FOR "name"`,
      'CREATE INDEX "IX_articles_name" ON "articles" ("name") ',
      'ALTER TABLE "articles" ALTER COLUMN "qty" decimal(10,2) NOT NULL',
      `UPDATE "articles" SET "note" = N'n/a' WHERE "note" IS NULL`,
      'ALTER TABLE "articles" ALTER COLUMN "note" nvarchar(255) NOT NULL',
      `ALTER TABLE "articles" ADD CONSTRAINT "DF_articles_note" DEFAULT 'n/a' FOR "note"`,
    ]);
    expect(up.join('\n')).not.toMatch(/DROP COLUMN|ADD "/);
  });

  test('down: the same statements back to the old definitions, newest change first', () => {
    expect(down).toEqual([
      'ALTER TABLE "articles" DROP CONSTRAINT "DF_articles_note"',
      'ALTER TABLE "articles" ALTER COLUMN "note" nvarchar(255) NULL',
      'ALTER TABLE "articles" ALTER COLUMN "qty" int NOT NULL',
      'DROP INDEX "IX_articles_name" ON "articles"',
      'ALTER TABLE "articles" DROP CONSTRAINT "DF_articles_name"',
      'ALTER TABLE "articles" ALTER COLUMN "name" nvarchar(255) NOT NULL',
      `ALTER TABLE "articles" ADD CONSTRAINT "DF_articles_name" DEFAULT 'unnamed' FOR "name"`,
      'CREATE INDEX "IX_articles_name" ON "articles" ("name") ',
    ]);
  });

  test('every statement, and the sqlcmd script, is valid T-SQL', () => {
    for (const statements of [up, down]) {
      expect(statements.map((sql) => ({ sql, errors: tsqlSyntaxErrors(sql) })).filter((entry) => entry.errors.length > 0)).toEqual([]);
      expect(tsqlSyntaxErrors(enumCheckAfterDefault(toSqlScript(statements, 'mssql')))).toEqual([]);
    }
  });

  test('reversibleAlterColumn: up applies `to`, down applies `from`, the same statements as two alterColumn calls', async () => {
    const widen = reversibleAlterColumn(TABLE, 'name', { from: { type: 'string', length: 255 }, to: { type: 'string', length: 500 } });
    class WidenOnly1765000000003 implements MigrationInterface {
      up = widen.up;
      down = widen.down;
    }
    const render = async (direction: 'up' | 'down') =>
      (await renderMigrationsSql(createDataSource(OFFLINE_MSSQL), [new WidenOnly1765000000003()], { direction, applied }))[0].statements;
    expect(await render('up')).toEqual(up.slice(0, 5));
    expect(await render('down')).toEqual(down.slice(3));
  });

  test('an enum column: its CHECK is dropped before ALTER COLUMN and the new one added after', async () => {
    class ChangeStatus1765000000002 implements MigrationInterface {
      async up(queryRunner: QueryRunner) {
        await alterColumn(queryRunner, TABLE, 'status', { enum: ['draft', 'live', 'archived'], length: 20 });
      }
      async down(queryRunner: QueryRunner) {
        await alterColumn(queryRunner, TABLE, 'status', { enum: ['draft', 'live'], length: 255 });
      }
    }
    const [rendered] = await renderMigrationsSql(createDataSource(OFFLINE_MSSQL), [new ChangeStatus1765000000002()], {
      direction: 'up',
      applied,
    });
    const statements = rendered.statements;
    expect(statements).toHaveLength(5);
    expect(statements[0]).toMatch(/^ALTER TABLE "articles" DROP CONSTRAINT "CHK_\w+_ENUM"$/);
    expect(statements.slice(1, 4)).toEqual([
      'ALTER TABLE "articles" DROP CONSTRAINT "DF_articles_status"',
      'ALTER TABLE "articles" ALTER COLUMN "status" nvarchar(20) NOT NULL',
      `ALTER TABLE "articles" ADD CONSTRAINT "DF_articles_status" DEFAULT 'draft' FOR "status"`,
    ]);
    expect(statements[4]).toMatch(
      /^ALTER TABLE "articles" ADD CONSTRAINT "CHK_\w+_ENUM" CHECK \(status IN \('draft','live','archived'\)\)$/,
    );
    expect(statements[4]).not.toContain(statements[0].slice(-30)); // a new name: the expression changed
    expect(statements.flatMap(tsqlSyntaxErrors)).toEqual([]);
  });
});

describe('alterColumn rendered offline for PostgreSQL and SQLite', () => {
  const offline = { postgres: OFFLINE_CONFIGS.postgres, sqlite: OFFLINE_CONFIGS.sqlite };
  const applied = [new CreateArticles1765000000000()];

  test('PostgreSQL: ALTER COLUMN ... TYPE / SET NOT NULL, never a dropped column', async () => {
    const dataSource = createDataSource(offline.postgres);
    const [up] = await renderMigrationsSql(dataSource, [new WidenArticleName1765000000001()], { direction: 'up', applied });
    expect(up.statements).toEqual([
      'ALTER TABLE "articles" ALTER COLUMN "name" TYPE character varying(500)',
      'ALTER TABLE "articles" ALTER COLUMN "qty" TYPE numeric(10,2)',
      `UPDATE "articles" SET "note" = 'n/a' WHERE "note" IS NULL`,
      'ALTER TABLE "articles" ALTER COLUMN "note" SET NOT NULL',
      `ALTER TABLE "articles" ALTER COLUMN "note" SET DEFAULT 'n/a'`,
    ]);
    const [down] = await renderMigrationsSql(dataSource, [new WidenArticleName1765000000001()], { direction: 'down', applied });
    expect(down.statements).toEqual([
      'ALTER TABLE "articles" ALTER COLUMN "note" DROP DEFAULT',
      'ALTER TABLE "articles" ALTER COLUMN "note" DROP NOT NULL',
      'ALTER TABLE "articles" ALTER COLUMN "qty" TYPE integer',
      'ALTER TABLE "articles" ALTER COLUMN "name" TYPE character varying(255)',
    ]);
    expect(dataSource.isInitialized).toBe(false);
  });

  test('SQLite: the rebuild copies the rows (INSERT ... SELECT) and recreates the index', async () => {
    const [up] = await renderMigrationsSql(createDataSource(offline.sqlite), [new WidenArticleName1765000000001()], {
      direction: 'up',
      applied,
    });
    const copies = up.statements.filter((sql) => sql.startsWith('INSERT INTO "temporary_articles"'));
    expect(copies).toHaveLength(3);
    for (const copy of copies)
      expect(copy).toMatch(
        /^INSERT INTO "temporary_articles"\("id", "name", "qty", "status", "note"\) SELECT "id", "name", "qty", "status", "note" FROM "articles"$/,
      );
    expect(up.statements.filter((sql) => sql === 'CREATE INDEX "IX_articles_name" ON "articles" ("name") ')).toHaveLength(3);
    expect(up.statements.at(-1)).toBe('CREATE INDEX "IX_articles_name" ON "articles" ("name") ');
    expect(up.statements).toContain(`UPDATE "articles" SET "note" = 'n/a' WHERE "note" IS NULL`);
  });
});
