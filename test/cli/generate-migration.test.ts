import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCli } from '../../src/cli/generate-migration';
import { createDataSource } from '../../src/database/data-source';
import { migrate, testConfig } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

async function generate(db: TestDatabase, ...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  try {
    const code = await generateCli(argv, (line) => lines.push(line), testConfig(db.config), 1_800_000_000_000);
    return { code, output: lines.join('\n') };
  } catch (error) {
    return { code: 1, output: [...lines, (error as Error).message].join('\n') };
  }
}

describe('npm run migration:generate', () => {
  let db: TestDatabase;
  /** Empty for each test: migrations written there are outside the project and could not be loaded back. */
  let out: string;
  beforeEach(async () => {
    db = await createTestDatabase('sqlite');
    out = mkdtempSync(path.join(tmpdir(), 'tsbp-generate-'));
  });
  afterEach(async () => {
    await db.drop();
    rmSync(out, { recursive: true, force: true });
  });

  it('refuses while migrations are pending, as Alembic does (the diff would repeat them)', async () => {
    const refused = await generate(db, 'AddThing', '--dry-run');
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/the database is not up to date: \d+ pending \(InitialSchema\d{13}/);
    expect(refused.output).toContain('Run npm run migration:run first');
  });

  it('--check exits 1 with the summary when the database lacks the entities, and 0 once migrated', async () => {
    const before = await generate(db, '--check', '--dir', out);
    expect(before.code).toBe(1);
    expect(before.output).toMatch(/\+ create table products \(\d+ columns, 1 unique, \d+ index(es)?, 1 foreign key\)/);
    await migrate(db.config);
    const after = await generate(db, '--check');
    expect(after).toEqual({ code: 0, output: expect.stringContaining('No changes: the database matches the entities.') });
  });

  it('--dry-run prints the migration; without it the file is written where --dir says', async () => {
    const dry = await generate(db, 'Initial', '--dry-run', '--dir', out);
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('export class Initial1800000000000 implements MigrationInterface');
    expect(readdirSync(out)).toEqual([]);
    const written = await generate(db, 'src/migrations/Initial', '--dir', out);
    expect(written.code).toBe(0);
    expect(readdirSync(out)).toEqual(['1800000000000-Initial.ts']);
    expect(readFileSync(path.join(out, '1800000000000-Initial.ts'), 'utf8')).toContain("await dropTable(queryRunner, 'products');");
  });

  it('writes nothing and exits 1 for a change it must not guess (a possible rename), naming it', async () => {
    await migrate(db.config);
    const dataSource = createDataSource(db.config, { migrations: [], entities: [] });
    await dataSource.initialize();
    await dataSource.query('ALTER TABLE items RENAME COLUMN description TO legacy_code');
    await dataSource.destroy();
    const result = await generate(db, 'DropLegacy', '--dir', out);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/! not generated: .*legacy_code/);
    expect(result.output).toContain('--rename items.legacy_code:description');
    expect(result.output).toContain('nothing written');
    expect(readdirSync(out)).not.toContain('1800000000000-DropLegacy.ts');
  });

  it('needs a usable name', async () => {
    expect((await generate(db)).output).toContain('a migration name is needed');
    expect((await generate(db, 'add column!')).output).toContain('is not a usable name');
  });
});
