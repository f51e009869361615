import path from 'node:path';
import Database from 'better-sqlite3';
import type { DataSource, Logger } from 'typeorm';
import type { DatabaseConfig } from '../../src/config/app-config';
import type { AppliedMigration } from '../../src/migrator/history-table';
import { loadMigrationFiles, MigrationFile } from '../../src/migrator/migration-files';
import { MigratorError } from '../../src/migrator/migration-plan';
import { Migrator } from '../../src/migrator/migrator';
import { Dialect, renderMigrationScript } from '../../src/migrator/offline-script';
import { describeEachEngine } from '../support/each-engine';
import { createTestDatabase, TestDatabase } from '../support/test-databases';
import { enumCheckAfterDefault, tsqlSyntaxErrors } from '../support/tsql-syntax';

/**
 * Every DataSource this file makes goes through createDataSource. Wrapped to keep them (the offline ones must
 * never be initialized) and, while `mockCapture` is set, to give them a logger that records each executed
 * query: `createDataSource(config, { logger, logging: ['query'] })`, as the Migrator's own DataSource is made.
 */
const mockCreated: DataSource[] = [];
let mockCapture: string[] | null = null;
jest.mock('../../src/database/data-source', () => {
  const actual = jest.requireActual<typeof import('../../src/database/data-source')>('../../src/database/data-source');
  return {
    ...actual,
    createDataSource: (db: DatabaseConfig, overrides: Parameters<typeof actual.createDataSource>[1] = {}) => {
      const capture = mockCapture;
      const logger: Logger | undefined = capture
        ? {
            logQuery: (query) => capture.push(query),
            logQueryError: () => undefined,
            logQuerySlow: () => undefined,
            logSchemaBuild: () => undefined,
            logMigration: () => undefined,
            log: () => undefined,
          }
        : undefined;
      const dataSource = actual.createDataSource(db, logger ? { ...overrides, logger, logging: ['query'] } : overrides);
      mockCreated.push(dataSource);
      return dataSource;
    },
  };
});

const FIXTURES = path.join(__dirname, 'fixtures');
const CREATE = 'CreateGadgets1765000000000';
const COLOR = 'AddGadgetColor1765000000001';
const INDEX = 'AddGadgetNameIndex1765000000002';
const INITIAL = 'InitialSchema1764000000000';

const project = loadMigrationFiles();
const fixtures = loadMigrationFiles(FIXTURES);

/** The batches of a sqlcmd script: the text between `GO` lines. */
const batches = (script: string) =>
  script
    .split(/^GO$/m)
    .map((batch) => batch.trim())
    .filter(Boolean);

/** The statements of a script, comments dropped and whitespace collapsed: GO-separated on mssql, `;`-ended elsewhere. */
function statementsOf(script: string, dialect: Dialect): string[] {
  const chunks = dialect === 'mssql' ? script.split(/^GO$/m) : script.split(/;[ \t]*$/m);
  return chunks
    .map((chunk) =>
      chunk
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('--'))
        .join(' '),
    )
    .map(normalize)
    .filter(Boolean);
}

const normalize = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** The `-- Name (up|down)` header lines, in order. */
const headers = (script: string) => [...script.matchAll(/^-- (\w+) \((up|down)\)/gm)].map((match) => `${match[1]} ${match[2]}`);

const tsqlOfTypeorm = (sql: string) => tsqlSyntaxErrors(enumCheckAfterDefault(sql));

/** Each batch the T-SQL grammar rejects, with its errors (empty when the whole script parses). */
const tsqlReport = (script: string) =>
  batches(script)
    .map((batch) => ({ batch, errors: tsqlOfTypeorm(batch) }))
    .filter((entry) => entry.errors.length > 0);

describe('SQL Server scripts for the project migrations', () => {
  let up: string;
  let down: string;

  beforeAll(async () => {
    up = await renderMigrationScript(project, { dialect: 'mssql', down: false });
    down = await renderMigrationScript(project, { dialect: 'mssql', down: true });
  });

  test('every batch of the up and down scripts is valid T-SQL', () => {
    expect(batches(up).length).toBeGreaterThan(project.length * 3);
    expect(tsqlReport(up)).toEqual([]);
    expect(tsqlReport(down)).toEqual([]);
  });

  test('the up script creates the migrations table, then per migration: a header, a transaction, its DDL and its history row', () => {
    const initial = project.find((file) => file.name === INITIAL)!;
    expect(headers(up)).toEqual(project.map((file) => `${file.name} up`));
    expect(up).toContain(
      'CREATE TABLE "migrations" ("id" int NOT NULL IDENTITY(1,1), "timestamp" bigint NOT NULL, "name" varchar(255) NOT NULL, ' +
        '"checksum" nvarchar(64), "applied_at" datetime2, "duration_ms" int, CONSTRAINT "PK_migrations" PRIMARY KEY ("id"))',
    );
    expect(up).not.toContain('ALTER TABLE "migrations"');
    expect(initial.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(up).toContain(`-- ${INITIAL} (up)\nBEGIN TRANSACTION\nGO\nCREATE TABLE "users" (`);
    expect(up).toContain(
      `INSERT INTO "migrations" ("timestamp", "name", "checksum", "applied_at") VALUES (1764000000000, N'${INITIAL}', N'${initial.checksum}', getdate())\nGO\nCOMMIT\nGO`,
    );
    // The migrations table comes before everything else.
    expect(up.indexOf('CREATE TABLE "migrations"')).toBeLessThan(up.indexOf('BEGIN TRANSACTION'));
  });

  test('the down script reverts newest first and deletes each history row inside its transaction', () => {
    expect(headers(down)).toEqual([...project].reverse().map((file) => `${file.name} down`));
    expect(down).not.toContain('CREATE TABLE "migrations"');
    expect(down).toContain(`-- ${INITIAL} (down)\nBEGIN TRANSACTION\nGO\nDROP TABLE "items"\nGO`);
    expect(down).toContain(`DROP TABLE "users"\nGO\nDELETE FROM "migrations" WHERE "name" = N'${INITIAL}'\nGO\nCOMMIT\nGO`);
  });

  test('nothing connects: every DataSource made for a script stays uninitialized', async () => {
    const before = mockCreated.length;
    for (const dialect of ['mssql', 'postgres', 'sqlite', 'mariadb'] as const) {
      await renderMigrationScript(project, { dialect, down: false });
      await renderMigrationScript(project, { dialect, down: true });
    }
    const made = mockCreated.slice(before);
    // one per script, and one more per upgrade script: it is also rendered for PostgreSQL to find what it drops
    expect(made).toHaveLength(12);
    expect(made.map((dataSource) => dataSource.isInitialized)).toEqual(made.map(() => false));
    expect(made.filter((dataSource) => dataSource.options.type === 'mssql').map((d) => (d.options as { host?: string }).host)).toEqual([
      'offline.invalid',
      'offline.invalid',
    ]);
  });
});

describe('transactions and names per dialect', () => {
  test('postgres and sqlite use BEGIN/COMMIT, MariaDB START TRANSACTION with a warning about implicit commits', async () => {
    const postgres = await renderMigrationScript(fixtures, { dialect: 'postgres', down: false });
    expect(postgres).toContain(`-- ${CREATE} (up)\nBEGIN;\nCREATE TABLE "gadgets"`);
    expect(postgres).toMatch(/VALUES \(1765000000000, 'CreateGadgets1765000000000', '[0-9a-f]{64}', now\(\)\);\nCOMMIT;/);

    const sqlite = await renderMigrationScript(fixtures, { dialect: 'sqlite', down: true });
    expect(sqlite).toContain(
      `-- ${INDEX} (down)\nBEGIN;\nDROP INDEX "IX_gadgets_name";\nDELETE FROM "migrations" WHERE "name" = '${INDEX}';\nCOMMIT;`,
    );

    const mariadb = await renderMigrationScript(fixtures, { dialect: 'mariadb', down: false });
    expect(mariadb).toMatch(
      new RegExp(
        `-- ${CREATE} \\(up\\)\\n-- MariaDB commits each DDL statement implicitly[^\\n]*\\nSTART TRANSACTION;\\nCREATE TABLE \`gadgets\``,
      ),
    );
    expect(mariadb).toMatch(
      /INSERT INTO `migrations` \(`timestamp`, `name`, `checksum`, `applied_at`\) VALUES \(1765000000000, 'CreateGadgets1765000000000', '[0-9a-f]{64}', CURRENT_TIMESTAMP\(6\)\);\nCOMMIT;/,
    );
  });

  test('a migration with transaction = false gets no BEGIN/COMMIT; a missing checksum is NULL; quotes are doubled', async () => {
    const [create] = fixtures;
    const noTransaction = Object.assign(Object.create(create.instance) as object, { transaction: false }) as MigrationFile['instance'];
    const files: MigrationFile[] = [{ ...create, name: "Odd'Name1765000000000", checksum: null, instance: noTransaction }];
    const script = await renderMigrationScript(files, { dialect: 'mssql', down: false, tableName: 'schema_history' });
    expect(script).not.toContain('BEGIN TRANSACTION');
    expect(script).not.toMatch(/^COMMIT$/m);
    expect(script).toContain("-- Odd'Name1765000000000 (up): transaction = false, so no transaction");
    expect(script).toContain('CREATE TABLE "schema_history"');
    expect(script).toContain(
      `INSERT INTO "schema_history" ("timestamp", "name", "checksum", "applied_at") VALUES (1765000000000, N'Odd''Name1765000000000', NULL, getdate())`,
    );
    expect(tsqlReport(script)).toEqual([]);
  });
});

describe('ranges (--from, --to, --down) on the fixture migrations', () => {
  test('the fixtures load in timestamp order', () => {
    expect(fixtures.map((file) => file.name)).toEqual([CREATE, COLOR, INDEX]);
  });

  test('--from the first --to the last renders only the later ones, on a model that has the first one’s table', async () => {
    const script = await renderMigrationScript(fixtures, { dialect: 'mssql', from: CREATE, to: INDEX, down: false });
    expect(headers(script)).toEqual([`${COLOR} up`, `${INDEX} up`]);
    // Not from base: the migrations table exists already, and the first migration's DDL is not repeated.
    expect(script).not.toContain('CREATE TABLE');
    expect(statementsOf(script, 'mssql')).toEqual([
      'BEGIN TRANSACTION',
      'ALTER TABLE "gadgets" ADD "color" nvarchar(20)',
      expect.stringMatching(
        new RegExp(`^INSERT INTO "migrations" .* VALUES \\(1765000000001, N'${COLOR}', N'[0-9a-f]{64}', getdate\\(\\)\\)$`),
      ),
      'COMMIT',
      'BEGIN TRANSACTION',
      'CREATE INDEX "IX_gadgets_name" ON "gadgets" ("name")',
      expect.stringMatching(/^INSERT INTO "migrations" /),
      'COMMIT',
    ]);
    expect(tsqlReport(script)).toEqual([]);

    // SQLite's add-column rebuilds the table, so its script shows the model knew the whole table.
    const sqlite = await renderMigrationScript(fixtures, { dialect: 'sqlite', from: CREATE, to: COLOR, down: false });
    expect(headers(sqlite)).toEqual([`${COLOR} up`]);
    expect(sqlite).toContain(
      'CREATE TABLE "temporary_gadgets" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "color" varchar(20))',
    );
  });

  test('--to stops at (and includes) a migration; prefixes resolve case-insensitively', async () => {
    const script = await renderMigrationScript(fixtures, { dialect: 'postgres', to: 'addgadgetc', down: false });
    expect(headers(script)).toEqual([`${CREATE} up`, `${COLOR} up`]);
    expect(script).toContain('CREATE TABLE "migrations"');
    const same = await renderMigrationScript(fixtures, { dialect: 'postgres', from: 'base', to: COLOR, down: false });
    expect(same).toBe(script);
    const nothing = await renderMigrationScript(fixtures, { dialect: 'postgres', from: INDEX, down: false });
    expect(headers(nothing)).toEqual([]);
    expect(nothing).toContain('-- nothing to apply');
  });

  test('--down renders in reverse: from the newest (or --from, inclusive) down to --to (exclusive)', async () => {
    const all = await renderMigrationScript(fixtures, { dialect: 'mssql', down: true });
    expect(headers(all)).toEqual([`${INDEX} down`, `${COLOR} down`, `${CREATE} down`]);
    expect(statementsOf(all, 'mssql').filter((sql) => !/^(BEGIN|COMMIT|DELETE)/.test(sql))).toEqual([
      'DROP INDEX "IX_gadgets_name" ON "gadgets"',
      'ALTER TABLE "gadgets" DROP COLUMN "color"',
      'DROP TABLE "gadgets"',
    ]);
    expect(statementsOf(all, 'mssql').filter((sql) => sql.startsWith('DELETE'))).toEqual(
      [INDEX, COLOR, CREATE].map((name) => `DELETE FROM "migrations" WHERE "name" = N'${name}'`),
    );
    expect(tsqlReport(all)).toEqual([]);

    const middle = await renderMigrationScript(fixtures, { dialect: 'mssql', from: COLOR, to: CREATE, down: true });
    expect(headers(middle)).toEqual([`${COLOR} down`]);
    expect(middle).toContain(`ALTER TABLE "gadgets" DROP COLUMN "color"`);
    expect(middle).not.toContain('IX_gadgets_name');

    const toBase = await renderMigrationScript(fixtures, { dialect: 'mssql', from: COLOR, to: 'base', down: true });
    expect(headers(toBase)).toEqual([`${COLOR} down`, `${CREATE} down`]);
  });

  test('unknown and ambiguous names throw with the candidates; backwards ranges are refused', async () => {
    const render = (options: { from?: string; to?: string; down?: boolean }) =>
      renderMigrationScript(fixtures, { dialect: 'mssql', down: false, ...options });
    await expect(render({ to: 'NoSuchThing' })).rejects.toThrow(MigratorError);
    await expect(render({ to: 'NoSuchThing' })).rejects.toThrow(
      `no migration is called "NoSuchThing"; the migrations are:\n  ${CREATE}\n  ${COLOR}\n  ${INDEX}`,
    );
    await expect(render({ from: 'AddGadget' })).rejects.toThrow(`"AddGadget" matches 2 migrations; say which:\n  ${COLOR}\n  ${INDEX}`);
    await expect(render({ from: 'AddGadget', down: true })).rejects.toThrow(/matches 2 migrations/);
    await expect(render({ from: INDEX, to: CREATE })).rejects.toThrow(/older than --from .*--down/);
    await expect(render({ from: CREATE, to: INDEX, down: true })).rejects.toThrow(/newer than --from/);
    await expect(render({ to: 'base' })).rejects.toThrow(/--down/);
  });
});

/** Transactions, savepoints, locks, session settings, introspection and the migrations table's own statements. */
function isBookkeeping(sql: string): boolean {
  return (
    /^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE|PRAGMA|SELECT|SHOW|SET)\b/i.test(sql) ||
    /"(temporary_)?migrations"/.test(sql)
  );
}

describeEachEngine(
  'the offline script matches what a real run executes',
  (engine) => {
    const dialect = engine as Dialect;
    let database: TestDatabase;
    let executed: string[];
    let applied: AppliedMigration[];

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      executed = [];
      mockCapture = executed;
      try {
        const migrator = await Migrator.open(database.config, { dir: FIXTURES, print: () => undefined });
        try {
          await migrator.upgrade();
          applied = (await migrator.status()).applied;
        } finally {
          await migrator.close();
        }
      } finally {
        mockCapture = null;
      }
    });
    afterAll(async () => {
      await database?.drop();
    });

    test('every DDL statement of the script ran, in the same order, and no other DDL did', async () => {
      const script = await renderMigrationScript(fixtures, { dialect, down: false });
      const scripted = statementsOf(script, dialect).filter((sql) => !isBookkeeping(sql));
      const ran = executed.map(normalize).filter((sql) => !isBookkeeping(sql));
      expect(scripted.length).toBeGreaterThanOrEqual(3);
      // In order: each scripted statement is found after the one before it.
      let at = 0;
      const missing: string[] = [];
      for (const sql of scripted) {
        const found = ran.indexOf(sql, at);
        if (found < 0) missing.push(sql);
        else at = found + 1;
      }
      expect({ missing, ran }).toEqual({ missing: [], ran });
      expect(ran).toEqual(scripted);
    });

    test('its migrations table is made by the same statements as the real one', async () => {
      const script = await renderMigrationScript(fixtures, { dialect, down: false });
      const isHistoryDdl = (sql: string) =>
        /"(temporary_)?migrations"/.test(sql) && !/^(SELECT|INSERT INTO "migrations" ?\(|DELETE)/.test(sql);
      const scripted = statementsOf(script, dialect).filter(isHistoryDdl);
      expect(scripted.length).toBeGreaterThanOrEqual(1);
      expect(executed.map(normalize).filter(isHistoryDdl)).toEqual(scripted);
    });

    test('the script records the rows a real run records', async () => {
      const script = await renderMigrationScript(fixtures, { dialect, down: false });
      const recorded = statementsOf(script, dialect).flatMap((sql) => {
        const values =
          /^INSERT INTO "migrations" \("timestamp", "name", "checksum", "applied_at"\) VALUES \((\d+), '(\w+)', '([0-9a-f]{64})', .+\)$/.exec(
            sql,
          );
        return values ? [{ timestamp: Number(values[1]), name: values[2], checksum: values[3] }] : [];
      });
      expect(recorded).toHaveLength(fixtures.length);
      expect(recorded).toEqual(applied.map(({ timestamp, name, checksum }) => ({ timestamp, name, checksum })));
    });
  },
  ['sqlite', 'postgres'],
);

describe('the offline SQLite scripts run on a real database', () => {
  test('up creates the tables, the index and the history rows; down takes them away again', async () => {
    const db = new Database(':memory:');
    const tables = () =>
      db
        .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
        .all()
        .map((row) => row.name);
    try {
      db.exec(await renderMigrationScript(fixtures, { dialect: 'sqlite', down: false }));
      expect(tables()).toEqual(['gadgets', 'migrations']);
      expect(
        db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('gadgets')`)
          .all()
          .map((row) => row.name),
      ).toEqual(['id', 'name', 'color']);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'gadgets'`).all()).toEqual([
        { name: 'IX_gadgets_name' },
      ]);
      const rows = db.prepare('SELECT id, timestamp, name, checksum, applied_at, duration_ms FROM migrations ORDER BY id').all();
      expect(rows).toEqual(
        fixtures.map((file, i) => ({
          id: i + 1,
          timestamp: file.timestamp,
          name: file.name,
          checksum: file.checksum,
          applied_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/),
          duration_ms: null,
        })),
      );

      db.exec(await renderMigrationScript(fixtures, { dialect: 'sqlite', to: CREATE, down: true }));
      expect(db.prepare('SELECT name FROM migrations ORDER BY id').all()).toEqual([{ name: CREATE }]);
      expect(
        db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('gadgets')`)
          .all()
          .map((row) => row.name),
      ).toEqual(['id', 'name']);
      db.exec(await renderMigrationScript(fixtures, { dialect: 'sqlite', down: true, from: CREATE }));
      expect(tables()).toEqual(['migrations']);
      expect(db.prepare('SELECT name FROM migrations').all()).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('SQL Server renames in a script', () => {
  /** Renames a column and then its table: every sp_rename TypeORM writes (column, table, primary key, index). */
  const renames: MigrationFile = {
    name: 'RenameGadgets1765000000003',
    timestamp: 1765000000003,
    file: 'inline',
    checksum: null,
    instance: {
      up: async (queryRunner) => {
        await queryRunner.renameColumn('gadgets', 'name', 'title');
        await queryRunner.renameTable('gadgets', 'widgets');
      },
      down: async (queryRunner) => {
        await queryRunner.renameTable('widgets', 'gadgets');
        await queryRunner.renameColumn('gadgets', 'title', 'name');
      },
    },
  };

  test('sp_rename names no database, so the script renames in whichever database sqlcmd runs it (MSSQL_DB or -d)', async () => {
    for (const down of [false, true]) {
      const script = await renderMigrationScript([...fixtures, renames], {
        dialect: 'mssql',
        from: down ? undefined : INDEX,
        down,
        to: down ? INDEX : undefined,
      });
      const spRenames = statementsOf(script, 'mssql').filter((sql) => sql.startsWith('EXEC sp_rename'));
      expect(spRenames.length).toBeGreaterThanOrEqual(3);
      // the other statements name no database either ("gadgets"), so sp_rename must not pin one
      for (const sql of spRenames) expect(sql).toMatch(/^EXEC sp_rename "(gadgets|widgets)(\.\w+)?", "\w+"(, "INDEX")?$/);
      expect(script).not.toMatch(/\bUSE\b/);
      expect(tsqlReport(script)).toEqual([]);
    }
  });
});
