import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseConfig } from '../../../src/config/app-config';
import { summarizeDiff } from '../../../src/migrator/generate/migration-writer';
import { isEmptyDiff } from '../../../src/migrator/generate/schema-diff';
import { loadMigrationFiles } from '../../../src/migrator/migration-files';
import { renderMigrationScript } from '../../../src/migrator/offline-script';
import { describeEachEngine } from '../../support/each-engine';
import { RowSnapshot, snapshotRows, withoutTables } from '../../support/table-rows';
import { createTestDatabase, TestDatabase } from '../../support/test-databases';
import { Note, NoteJsonName } from './fixtures/changed-columns.entity';
import { Owner } from './fixtures/owner.entity';
import {
  Measure,
  MeasureWide,
  OwnerWithTypes,
  Specimen,
  SpecimenIntAttributes,
  SpecimenIntToken,
  SpecimenWithoutAttributes,
} from './fixtures/specimen.entity';
import {
  diffOf,
  drift,
  Entities,
  expectSameOnEveryEngine,
  expectValidTsql,
  generate,
  migrate,
  nextTimestamp,
  PORTABLE_SCHEMA,
  query,
  withDataSource,
} from './generate-support';

/** More than MariaDB's TEXT holds (65,535 bytes): only a long text type keeps it. */
const LONG_TEXT = `${'é'.repeat(40_000)} it's long`;

const SPECIMENS: Array<Omit<Specimen, 'id' | 'createdAt' | 'updatedAt'>> = [
  {
    views: '5000000000',
    body: LONG_TEXT,
    weight: 0.1,
    bornOn: '2024-02-29',
    token: 'a3bb189e-8bf9-4888-9912-ace4e6543002',
    attributes: { tags: ['a', 'b'], nested: { n: 1.5, quote: "it's", none: null } },
    picture: Buffer.from([0, 1, 2, 0x27, 0x5c, 0xff]),
  },
  {
    views: '-9007199254740991',
    body: '',
    weight: -12345.678,
    bornOn: '1999-12-31',
    token: '00000000-0000-4000-8000-000000000000',
    attributes: null,
    picture: null,
  },
];

/** Reads the specimens back through the entity, as the app would. */
function specimens(config: DatabaseConfig, entities: Entities = [Owner, Specimen]) {
  return withDataSource(config, entities, async (ds) =>
    (await ds.getRepository(Specimen).find({ order: { id: 'ASC' } })).map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => rest),
  );
}

const insertSpecimens = (config: DatabaseConfig) =>
  withDataSource(config, [Owner, Specimen], (ds) => ds.getRepository(Specimen).save(SPECIMENS.map((s) => ({ ...s }))));

describeEachEngine(
  'migration:generate, column types beyond the first six',
  (engine) => {
    let db: TestDatabase;
    let dir: string;
    beforeEach(async () => {
      db = await createTestDatabase(engine);
      dir = mkdtempSync(path.join(__dirname, 'tmp-'));
      await generate(db.config, [Owner], dir, 'owners');
      await migrate(db.config, dir, 'up');
      for (const name of ['ann', 'bob']) await query(db.config, `INSERT INTO owners (name) VALUES ('${name}')`);
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await db?.drop();
    });

    /** The measures as numbers and text: what must survive a change of their column types. */
    const values = async () =>
      (await query(db.config, 'SELECT count, label, weight FROM measures ORDER BY id')).map((r) => [
        Number(r.count),
        r.label,
        Number(r.weight),
      ]);

    /**
     * Migrates expecting a refusal, then checks that no value changed. MariaDB commits each DDL statement, so the
     * alterColumns before the refused one stay applied there: the values are compared, not their column types.
     */
    async function expectRefused(direction: 'up' | 'down', message: RegExp): Promise<void> {
      const before = await snapshotRows(db.config);
      const stored = await values();
      await expect(migrate(db.config, dir, direction)).rejects.toThrow(message);
      expect(withoutTables(await snapshotRows(db.config), 'measures')).toEqual(withoutTables(before, 'measures'));
      expect(await values()).toEqual(stored);
    }

    /**
     * The code the generator prints for a change it cannot write (`<table>.<column> changes from … to …`),
     * written as a migration exactly as printed, with a generated migration's imports; its SQL Server script must
     * parse. Returns `up`.
     */
    async function writeAdvisedMigration(entities: Entities, name: string, change: string): Promise<string> {
      const refused = await diffOf(db.config, entities, { migrationName: name });
      expect(refused.changeColumns).toEqual([]);
      const [message] = refused.unsupported.map((u) => u.message);
      expect(message).toContain(`column specimens.${change}, which no engine converts in place`);
      const [up, down] = message.split(/in up:\n|\n {2}and in down:\n/).slice(1);
      const timestamp = nextTimestamp();
      const portable = path.relative(dir, PORTABLE_SCHEMA).split(path.sep).join('/');
      writeFileSync(
        path.join(dir, `${timestamp}-${name}.ts`),
        [
          "import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';",
          `import { column } from '${portable}';`,
          ...(`${up}${down}`.includes('alterColumn(')
            ? [`import { alterColumn } from '${portable.replace(/portable-schema$/, 'alter-column')}';`]
            : []),
          '',
          `export class ${name}${timestamp} implements MigrationInterface {`,
          '  async up(queryRunner: QueryRunner): Promise<void> {',
          up,
          '  }',
          '  async down(queryRunner: QueryRunner): Promise<void> {',
          down,
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      await expectValidTsql(dir);
      return up;
    }

    /** Runs `step` and checks that no table but `changed` lost or changed a row. */
    async function step(direction: 'up' | 'down', ...changed: string[]): Promise<RowSnapshot> {
      const before = await snapshotRows(db.config);
      await migrate(db.config, dir, direction);
      const after = await snapshotRows(db.config);
      expect(withoutTables(after, ...changed)).toEqual(withoutTables(before, ...changed));
      return after;
    }

    it('bigint, text, float, date, uuid, json and blob: one file on every engine, values read back equal, no drift', async () => {
      const { diff, source } = await generate(db.config, [Owner, Specimen], dir, 'specimens');
      expect(diff.unsupported).toEqual([]);
      expect(diff.warnings).toEqual([]);
      expect(source).not.toContain('engine-only');
      for (const spec of [
        "{ name: 'views', type: 'bigint' }",
        "{ name: 'body', type: 'text' }",
        "{ name: 'weight', type: 'float' }",
        "{ name: 'born_on', type: 'date' }",
        "{ name: 'token', type: 'uuid' }",
        "{ name: 'attributes', type: 'json', nullable: true }",
        "{ name: 'picture', type: 'blob', nullable: true }",
      ])
        expect(source).toContain(`column(queryRunner, ${spec})`);
      expectSameOnEveryEngine('new types', source);

      for (const direction of ['up', 'down', 'up'] as const) {
        await step(direction, 'specimens');
        expect(await drift(db.config, direction === 'up' ? [Owner, Specimen] : [Owner])).toEqual([]);
      }
      await insertSpecimens(db.config);
      expect(await specimens(db.config)).toEqual(SPECIMENS);
      expect(await drift(db.config, [Owner, Specimen])).toEqual([]);
      expect(isEmptyDiff(await diffOf(db.config, [Owner, Specimen]))).toBe(true);
    });

    it('a column of each new type added to a table with rows, then dropped: the same file on every engine both ways', async () => {
      const owners = async () =>
        (await withDataSource(db.config, [OwnerWithTypes], (ds) => ds.getRepository(OwnerWithTypes).find({ order: { id: 'ASC' } }))).map(
          ({ name, visits, ratio, bio, joinedOn, externalId, settings, avatar }) => ({
            name,
            visits,
            ratio,
            bio,
            joinedOn,
            externalId,
            settings,
            avatar,
          }),
        );
      const names = () => query(db.config, 'SELECT name FROM owners ORDER BY id');
      const added = await generate(db.config, [OwnerWithTypes], dir, 'owner types');
      expect(added.diff.unsupported).toEqual([]);
      expect(added.diff.warnings).toEqual([]);
      expect(added.source).toContain("column(queryRunner, { name: 'visits', type: 'bigint', default: 0 })");
      expect(added.source).toContain("column(queryRunner, { name: 'ratio', type: 'float', default: 0.5 })");
      expectSameOnEveryEngine('add typed columns', added.source);
      for (const direction of ['up', 'down', 'up'] as const) {
        await step(direction, 'owners');
        expect(await names()).toEqual([{ name: 'ann' }, { name: 'bob' }]);
        expect(await drift(db.config, direction === 'up' ? [OwnerWithTypes] : [Owner])).toEqual([]);
      }
      const defaults = { visits: '0', ratio: 0.5, bio: null, joinedOn: null, externalId: null, settings: null, avatar: null };
      expect(await owners()).toEqual([
        { name: 'ann', ...defaults },
        { name: 'bob', ...defaults },
      ]);
      const [first] = SPECIMENS;
      const values = {
        visits: first.views,
        ratio: first.weight,
        bio: first.body,
        joinedOn: first.bornOn,
        externalId: first.token,
        settings: first.attributes,
        avatar: first.picture,
      };
      await withDataSource(db.config, [OwnerWithTypes], async (ds) => {
        const repository = ds.getRepository(OwnerWithTypes);
        await repository.save(Object.assign(await repository.findOneByOrFail({ name: 'ann' }), values));
      });
      expect(await owners()).toEqual([
        { name: 'ann', ...values },
        { name: 'bob', ...defaults },
      ]);
      expect(isEmptyDiff(await diffOf(db.config, [OwnerWithTypes]))).toBe(true);

      const dropped = await generate(db.config, [Owner], dir, 'drop owner types');
      expect(dropped.diff.unsupported).toEqual([]);
      expect(dropped.diff.dropColumns.map((c) => c.column.kind)).toEqual(Array(7).fill('portable'));
      expectSameOnEveryEngine('drop typed columns', dropped.source);
      for (const direction of ['up', 'down', 'up'] as const) {
        await step(direction, 'owners');
        expect(await names()).toEqual([{ name: 'ann' }, { name: 'bob' }]);
        expect(await drift(db.config, direction === 'up' ? [Owner] : [OwnerWithTypes])).toEqual([]);
      }
    });

    it('int → bigint, string → text, float → decimal: alterColumn keeps every row through up, down, up', async () => {
      await generate(db.config, [Owner, Measure], dir, 'measures');
      await migrate(db.config, dir, 'up');
      const rows: Array<[number, string, number]> = [
        [2147483647, LONG_TEXT.slice(0, 255), 19.99],
        [-2147483648, "it's", -0.5],
        [0, '', 12345678.25],
      ];
      for (const [count, label, weight] of rows)
        await query(db.config, `INSERT INTO measures (count, label, weight) VALUES (${count}, '${label.replace(/'/g, "''")}', ${weight})`);

      const { diff, source } = await generate(db.config, [Owner, MeasureWide], dir, 'widen measures');
      expect(diff.unsupported).toEqual([]);
      expect(summarizeDiff(diff)).toEqual([
        '~ alter column measures.count (type int → bigint)',
        '~ alter column measures.label (type string → text, length 255 → none)',
        '~ DESTRUCTIVE (may lose data): alter column measures.weight (type float → decimal, precision none → 10, scale none → 2)',
      ]);
      expect(source).toContain("await alterColumn(queryRunner, 'measures', 'count', { type: 'bigint', nullable: false, default: null });");
      expect(source).toContain("await alterColumn(queryRunner, 'measures', 'count', { type: 'int', nullable: false, default: null });");
      expectSameOnEveryEngine('widen', source);

      for (const direction of ['up', 'down', 'up'] as const) {
        await step(direction, 'measures');
        expect(await values()).toEqual(rows);
        expect(await drift(db.config, direction === 'up' ? [Owner, MeasureWide] : [Owner, Measure])).toEqual([]);
      }
      expect(isEmptyDiff(await diffOf(db.config, [Owner, MeasureWide]))).toBe(true);
      // now wider than int: down refuses rather than cut, and nothing changes
      await query(db.config, 'UPDATE measures SET count = 5000000000 WHERE count = 0');
      await expectRefused(
        'down',
        /alter column "count" of table "measures" to (int|integer) NOT NULL: 1 row has a value that is not a whole number in the int range/,
      );
    });

    it('float → decimal refuses, with the row count, values that decimal(10,2) would round; nothing changes', async () => {
      await generate(db.config, [Owner, Measure], dir, 'measures');
      await migrate(db.config, dir, 'up');
      for (const weight of [1.25, 1.005, 0.125])
        await query(db.config, `INSERT INTO measures (count, label, weight) VALUES (1, 'x', ${weight})`);
      await generate(db.config, [Owner, MeasureWide], dir, 'widen measures');
      await expectRefused(
        'up',
        /column "weight" of table "measures" to (decimal|numeric)\(10,2\) NOT NULL: 2 rows have values that do not fit/,
      );
    });

    it('string → json: rows that are not JSON are refused with their count; JSON ones survive up, down, up', async () => {
      await generate(db.config, [Owner, Note], dir, 'notes');
      await migrate(db.config, dir, 'up');
      for (const value of ['{"a":1,"b":[true,null]}', '[1,2.5,"x"]', 'not json'])
        await query(db.config, `INSERT INTO notes (name) VALUES ('${value}')`);
      const { source } = await generate(db.config, [Owner, NoteJsonName], dir, 'note json');
      expect(source).toContain("await alterColumn(queryRunner, 'notes', 'name', { type: 'json', nullable: false, default: null });");
      expectSameOnEveryEngine('string to json', source);

      const before = await snapshotRows(db.config);
      // PostgreSQL's own cast to jsonb refuses it (in the migration's transaction); elsewhere alterColumn counts it
      await expect(migrate(db.config, dir, 'up')).rejects.toThrow(
        engine === 'postgres' ? /invalid input syntax for type json/ : /1 row holds a value that is not JSON/,
      );
      expect(withoutTables(await snapshotRows(db.config))).toEqual(withoutTables(before));

      await query(db.config, "DELETE FROM notes WHERE name = 'not json'");
      const documents = [{ a: 1, b: [true, null] }, [1, 2.5, 'x']];
      const parsed = async () =>
        (await query(db.config, 'SELECT name FROM notes ORDER BY id')).map((r) =>
          typeof r.name === 'string' ? JSON.parse(r.name) : r.name,
        );
      for (const direction of ['up', 'down', 'up'] as const) {
        await step(direction, 'notes');
        // PostgreSQL's jsonb keeps the document, not its spelling: compared parsed
        expect(await parsed()).toEqual(documents);
        expect(await drift(db.config, direction === 'up' ? [Owner, NoteJsonName] : [Owner, Note])).toEqual([]);
      }
      expect(
        await withDataSource(db.config, [Owner, NoteJsonName], async (ds) =>
          (await ds.getRepository(NoteJsonName).find({ order: { id: 'ASC' } })).map((n) => n.name),
        ),
      ).toEqual(documents);
    });

    it('json → int cannot be converted in place: the generator prints the code to write, and that code runs', async () => {
      await generate(db.config, [Owner, Specimen], dir, 'specimens');
      await migrate(db.config, dir, 'up');
      await insertSpecimens(db.config);

      const up = await writeAdvisedMigration([Owner, SpecimenIntAttributes], 'AttributesAsInt', 'attributes changes from json to int');
      expect(up).toContain(
        "await queryRunner.addColumn('specimens', new TableColumn(column(queryRunner, { name: 'attributes_new', type: 'int', nullable: true })));",
      );
      const withoutAttributes = (snapshot: RowSnapshot) =>
        snapshot.specimens
          .map((row) => {
            const { attributes: _a, updated_at: _u, ...rest } = JSON.parse(row) as Record<string, unknown>;
            return rest;
          })
          .sort((a, b) => Number(a.id) - Number(b.id));
      for (const direction of ['up', 'down', 'up'] as const) {
        const before = await snapshotRows(db.config);
        const after = await step(direction, 'specimens');
        expect(withoutAttributes(after)).toEqual(withoutAttributes(before));
        expect(await drift(db.config, direction === 'up' ? [Owner, SpecimenIntAttributes] : [Owner, Specimen])).toEqual([]);
      }
      expect(isEmptyDiff(await diffOf(db.config, [Owner, SpecimenIntAttributes]))).toBe(true);
    });

    it('uuid → NOT NULL int: the printed code refuses, before anything is dropped, while values are left uncopied', async () => {
      await generate(db.config, [Owner, Specimen], dir, 'specimens');
      await migrate(db.config, dir, 'up');
      await insertSpecimens(db.config);
      const up = await writeAdvisedMigration([Owner, SpecimenIntToken], 'TokenAsInt', 'token changes from uuid to int');
      expect(up).toContain("await alterColumn(queryRunner, 'specimens', 'token_new', { nullable: false });");
      expect(up.indexOf('alterColumn(')).toBeLessThan(up.indexOf('dropColumn('));

      const tokens = () => query(db.config, 'SELECT token FROM specimens ORDER BY id');
      const [before, stored] = [await snapshotRows(db.config), await tokens()];
      await expect(migrate(db.config, dir, 'up')).rejects.toThrow(
        /alter column "token_new" of table "specimens" to (int|integer) NOT NULL: 2 rows are NULL/,
      );
      expect(await tokens()).toEqual(stored);
      // MariaDB commits the addColumn before the refusal: token_new stays there, empty
      expect(withoutTables(await snapshotRows(db.config), 'specimens')).toEqual(withoutTables(before, 'specimens'));
    });
  },
  ['sqlite', 'postgres', 'mariadb'],
);

describe('migration:sql --dialect mssql for the new types', () => {
  let db: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await createTestDatabase('sqlite');
    dir = mkdtempSync(path.join(__dirname, 'tmp-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('json is nvarchar(MAX) with an ISJSON check, dropped with its column; text and blob are MAX; uuid is uniqueidentifier', async () => {
    await generate(db.config, [Owner, Specimen], dir, 'specimens');
    await migrate(db.config, dir, 'up');
    const { source } = await generate(db.config, [Owner, SpecimenWithoutAttributes], dir, 'drop attributes');
    expect(source).toContain("await queryRunner.dropColumn('specimens', 'attributes');");
    const files = loadMigrationFiles(dir);
    const up = await renderMigrationScript(files, { dialect: 'mssql', down: false });
    expect(up).toContain(
      '"views" bigint NOT NULL, "body" nvarchar(MAX) NOT NULL, "weight" float NOT NULL, "born_on" date NOT NULL, ' +
        '"picture" varbinary(MAX), "token" uniqueidentifier NOT NULL, "attributes" nvarchar(MAX), ',
    );
    expect(up).toContain('CONSTRAINT "CHK_specimens_attributes_JSON" CHECK (ISJSON("attributes") = 1)');
    // SQL Server refuses to drop a column a check depends on: the check goes first
    const dropCheck = up.indexOf('ALTER TABLE "specimens" DROP CONSTRAINT "CHK_specimens_attributes_JSON"');
    expect(dropCheck).toBeGreaterThan(-1);
    expect(dropCheck).toBeLessThan(up.indexOf('ALTER TABLE "specimens" DROP COLUMN "attributes"'));
    const down = await renderMigrationScript(files, { dialect: 'mssql', down: true, to: 'Specimens' });
    expect(down).toContain('ALTER TABLE "specimens" ADD "attributes" nvarchar(MAX)');
    expect(down).toContain('ALTER TABLE "specimens" ADD CONSTRAINT "CHK_specimens_attributes_JSON" CHECK (ISJSON("attributes") = 1)');
  });
});
