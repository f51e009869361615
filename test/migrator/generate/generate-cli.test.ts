import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateCli } from '../../../src/cli/generate-migration';
import { describeEachEngine } from '../../support/each-engine';
import { testConfig } from '../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../support/test-databases';
import { migrate, query } from './generate-support';

const DATABASE_DIR = path.join(__dirname, '..', '..', '..', 'src', 'database');

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
    await query(db.config, 'ALTER TABLE items RENAME COLUMN name TO title');

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
      await migrate(db.config, dir, step);
      const column = step === 'up' ? 'name' : 'title';
      expect(await query(db.config, `SELECT ${column} AS value FROM items ORDER BY id`)).toEqual(rows);
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
