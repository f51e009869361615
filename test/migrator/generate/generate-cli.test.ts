import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATE_HELP, generateCli } from '../../../src/cli/generate-migration';
import { describeEachEngine } from '../../support/each-engine';
import { rowCounts, snapshotRows, withoutTables } from '../../support/table-rows';
import { testConfig } from '../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../support/test-databases';
import { renameColumnSql, renameTableSql } from '../../support/tsql-checked';
import { migrate, query } from './generate-support';

const DATABASE_DIR = path.join(__dirname, '..', '..', '..', 'src', 'database');

describe('npm run migration:generate --help', () => {
  it('says that keys of existing tables are generated (the tests below and generate.test.ts do it) and what is left to a human', async () => {
    const lines: string[] = [];
    expect(await generateCli(['--help'], (line) => lines.push(line))).toBe(0);
    const help = lines.join('\n');
    expect(help).toBe(GENERATE_HELP);
    expect(help).not.toMatch(/cannot write[^.]*constraints on existing tables/);
    expect(help.replace(/\s+/g, ' ')).toContain('Indices, uniques and foreign keys are created and dropped on existing tables too');
    expect(help.replace(/\s+/g, ' ')).toContain('check constraints are not (a warning says so)');
  });
});

describeEachEngine('npm run migration:generate --rename', (engine) => {
  let db: TestDatabase;
  let dir: string;
  let clock = 1_800_000_000_000;
  beforeEach(async () => {
    db = await createTestDatabase(engine);
    dir = mkdtempSync(path.join(__dirname, 'tmp-cli-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  /** Runs the CLI on the project's entities; written files import src/database from the tmp folder. */
  async function generate(...argv: string[]): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    let code: number;
    try {
      code = await generateCli([...argv, '--dir', dir], (line) => lines.push(line), testConfig(db.config), ++clock);
    } catch (error) {
      lines.push((error as Error).message);
      code = 1;
    }
    const relative = path.relative(dir, DATABASE_DIR).split(path.sep).join('/');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      writeFileSync(path.join(dir, file), source.replace(/'\.\.\/database\//g, `'${relative}/`));
    }
    return { code, output: lines.join('\n') };
  }

  it('a column renamed in the entity: without --rename exits 1 with the hint; with it the data is kept through up, down, up', async () => {
    expect((await generate('Initial')).code).toBe(0);
    await migrate(db.config, dir, 'up');
    for (const name of ['hammer', 'saw']) await query(db.config, `INSERT INTO items (name) VALUES ('${name}')`);
    // the database still has the old name: the entity's `name` was `title` before
    await query(db.config, renameColumnSql(db.config.type, 'items', 'name', 'title'));

    const refused = await generate('RenameItemTitle');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('npm run migration:generate -- RenameItemTitle --rename items.title:name');
    expect(refused.output).toContain('nothing written');
    expect(readdirSync(dir)).toHaveLength(1);

    const check = await generate('--check', '--rename', 'items.title:name');
    expect(check.code).toBe(1);
    expect(check.output).toContain('~ rename column items.title to name');

    const written = await generate('RenameItemTitle', '--rename', 'items.title:name');
    expect(written.output).not.toContain('not generated');
    expect(written.code).toBe(0);
    expect(written.output).toContain('~ rename column items.title to name');
    expect(written.output).not.toContain('not generated');
    const file = readdirSync(dir).find((f) => f.endsWith('-RenameItemTitle.ts'))!;
    const source = readFileSync(path.join(dir, file), 'utf8');
    expect(source).toContain("await queryRunner.renameColumn('items', 'title', 'name');");
    expect(source).toContain("await queryRunner.renameColumn('items', 'name', 'title');");

    const rows = [{ value: 'hammer' }, { value: 'saw' }];
    for (const step of ['up', 'down', 'up'] as const) {
      const before = await snapshotRows(db.config);
      await migrate(db.config, dir, step);
      const after = await snapshotRows(db.config);
      // items' rows change only in their column's name (checked just below); every other table not at all
      expect(withoutTables(after, 'items')).toEqual(withoutTables(before, 'items'));
      expect(rowCounts(withoutTables(after))).toEqual(rowCounts(withoutTables(before)));
      const column = step === 'up' ? 'name' : 'title';
      expect(await query(db.config, `SELECT ${column} AS value FROM items ORDER BY id`)).toEqual(rows);
    }
    expect(await generate('--check')).toEqual({ code: 0, output: expect.stringContaining('No changes') });
  });

  it('two columns renamed at once: exit 1 with a hint per pair; --rename one and --drop the other writes both, rows kept elsewhere', async () => {
    expect((await generate('Initial')).code).toBe(0);
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO items (name, description) VALUES ('hammer', 'steel'), ('saw', NULL)");
    // the database still has the old names: the entity's `name` and `description` were `title` and `notes`
    await query(db.config, renameColumnSql(db.config.type, 'items', 'name', 'title'));
    await query(db.config, renameColumnSql(db.config.type, 'items', 'description', 'notes'));

    const refused = await generate('RenameBoth');
    expect(refused.code).toBe(1);
    for (const pair of ['title:name', 'title:description', 'notes:name', 'notes:description']) {
      expect(refused.output).toContain(`npm run migration:generate -- RenameBoth --rename items.${pair}`);
    }
    expect(refused.output).toContain('npm run migration:generate -- RenameBoth --drop items.notes');
    expect(refused.output).toContain('nothing written');
    expect(readdirSync(dir)).toHaveLength(1);

    const written = await generate('RenameBoth', '--rename', 'items.title:name', '--drop', 'items.notes');
    expect(written.output).not.toContain('not generated');
    expect(written.code).toBe(0);
    const file = readdirSync(dir).find((f) => f.endsWith('-RenameBoth.ts'))!;
    const source = readFileSync(path.join(dir, file), 'utf8');
    expect(source).toContain("await queryRunner.renameColumn('items', 'title', 'name');");
    expect(source).toContain("await queryRunner.dropColumn('items', 'notes');");

    const before = await snapshotRows(db.config);
    await migrate(db.config, dir, 'up');
    const after = await snapshotRows(db.config);
    expect(withoutTables(after, 'items')).toEqual(withoutTables(before, 'items'));
    expect(await query(db.config, 'SELECT name, description FROM items ORDER BY id')).toEqual([
      { name: 'hammer', description: null },
      { name: 'saw', description: null },
    ]);
    await migrate(db.config, dir, 'down');
    expect(withoutTables(await snapshotRows(db.config), 'items')).toEqual(withoutTables(before, 'items'));
    expect(await query(db.config, 'SELECT title, notes FROM items ORDER BY id')).toEqual([
      { title: 'hammer', notes: null },
      { title: 'saw', notes: null },
    ]);
    await migrate(db.config, dir, 'up');
    expect(withoutTables(await snapshotRows(db.config), 'migrations')).toEqual(withoutTables(after, 'migrations'));
    expect(await generate('--check')).toEqual({ code: 0, output: expect.stringContaining('No changes') });
  });

  it('a table renamed in @Entity: exit 1 with --rename OLD:NEW; with it renameTable keeps every row through up, down, up', async () => {
    expect((await generate('Initial')).code).toBe(0);
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO items (name, description) VALUES ('hammer', 'steel'), ('saw', NULL)");
    // the database still has the old name: the entity's table `items` was `legacy_items` before
    await query(db.config, renameTableSql(db.config.type, 'items', 'legacy_items'));
    // as PostgreSQL would have named the id's sequence of a table created as legacy_items
    if (engine === 'postgres') await query(db.config, 'ALTER SEQUENCE items_id_seq RENAME TO legacy_items_id_seq');

    const refused = await generate('RenameLegacyItems');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('npm run migration:generate -- RenameLegacyItems --rename legacy_items:items');
    expect(refused.output).toContain('npm run migration:generate -- RenameLegacyItems --drop legacy_items');
    expect(refused.output).not.toContain('DESTRUCTIVE');
    expect(readdirSync(dir)).toHaveLength(1);

    const written = await generate('RenameLegacyItems', '--rename', 'legacy_items:items');
    expect(written.code).toBe(0);
    expect(written.output).toContain('~ rename table legacy_items to items');
    const before = await snapshotRows(db.config);
    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      const { legacy_items: rows, ...rest } = before;
      const expected = step === 'up' ? { ...rest, items: rows } : before;
      expect(withoutTables(await snapshotRows(db.config))).toEqual(withoutTables(expected));
    }
    expect(await generate('--check')).toEqual({ code: 0, output: expect.stringContaining('No changes') });
  });

  it('--rename naming a column that is not there is reported, nothing written', async () => {
    expect((await generate('Initial')).code).toBe(0);
    await migrate(db.config, dir, 'up');
    const result = await generate('Oops', '--rename', 'items.nope:name', '--rename', 'bad');
    expect(result.code).toBe(1);
    expect(result.output).toContain('--rename items.nope:name: items has no column nope missing from the entity');
    expect(result.output).toContain('--rename bad: expected table.old:new');
    expect(readdirSync(dir)).toHaveLength(1);
  });
});
